"""Working days and calendar days, on the holiday table of `bureau.models.CalendarDay`.

Conventions (民法典 art. 201): the day a period starts on is not counted, so a limit of
n days starting on day d ends on the n-th day after d. `add_working_days(d, n)` is the
n-th working day after d; `working_days_between(a, b)` counts the working days after a
up to and including b, so `working_days_between(d, add_working_days(d, n)) == n`.

A law that counts working days (工作日), e.g. a misrouted petition is objected to within
5 working days (信访工作条例 art. 23)::

    add_working_days(received_on, 5)

A law that counts plain days (日), e.g. a petition is concluded within 60 days of
acceptance (art. 35); when the last day is a rest day the period ends on the next
working day (民法典 art. 203)::

    add_calendar_days(accepted_on, 60, end_on_working_day=True)

Years whose official schedule is not entered yet count weekends only;
`unconfirmed_years` names them so a page can say so.
"""

import datetime as dt

from django.utils.translation import gettext as _

from bureau.models import CalendarDay, HolidaySchedule

ONE_DAY = dt.timedelta(days=1)
# Days fetched from the holiday table at a time while walking forwards or backwards.
WINDOW_DAYS = 120


def _special_days(first: dt.date, last: dt.date) -> dict[dt.date, str]:
    return dict(
        CalendarDay.objects.filter(date__range=(first, last)).values_list(
            "date", "kind"
        )
    )


def _is_working(day: dt.date, special: dict[dt.date, str]) -> bool:
    kind = special.get(day)
    if kind is not None:
        return kind == CalendarDay.Kind.WORKDAY
    return day.weekday() < 5


def is_working_day(day: dt.date) -> bool:
    """True when `day` is worked: a weekday that is no holiday, or a make-up working day."""
    return _is_working(day, _special_days(day, day))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (before it when `days` is negative).

    `start` itself is never counted; zero days gives `start` back unchanged.
    """
    step = ONE_DAY if days > 0 else -ONE_DAY
    remaining = abs(days)
    day = start
    while remaining:
        window_end = day + step * WINDOW_DAYS
        special = _special_days(min(day, window_end), max(day, window_end))
        while remaining and day != window_end:
            day += step
            if _is_working(day, special):
                remaining -= 1
    return day


def add_calendar_days(
    start: dt.date, days: int, *, end_on_working_day: bool = False
) -> dt.date:
    """`start` plus `days` days; a rest day then moves to the next working day if asked.

    The move (`end_on_working_day`) is the rule of 民法典 art. 203 for a period whose
    last day is a public holiday.
    """
    day = start + dt.timedelta(days=days)
    if end_on_working_day:
        day = next_working_day(day, include=True)
    return day


def next_working_day(day: dt.date, *, include: bool = False) -> dt.date:
    """The first working day after `day` (or `day` itself when `include` and it is worked)."""
    if include and is_working_day(day):
        return day
    return add_working_days(day, 1)


def working_days_between(first: dt.date, last: dt.date) -> int:
    """Working days after `first` up to and including `last`; negative when `last` is earlier."""
    if last < first:
        return -working_days_between(last, first)
    special = _special_days(first + ONE_DAY, last)
    count = 0
    day = first
    while day < last:
        day += ONE_DAY
        if _is_working(day, special):
            count += 1
    return count


def unconfirmed_years(first: dt.date, last: dt.date) -> list[int]:
    """Years from `first` to `last` whose official holiday schedule is not entered yet."""
    low, high = sorted((first.year, last.year))
    confirmed = set(
        HolidaySchedule.objects.filter(
            year__range=(low, high), complete=True
        ).values_list("year", flat=True)
    )
    return [year for year in range(low, high + 1) if year not in confirmed]


def calendar_warning(first: dt.date, last: dt.date) -> str:
    """A sentence for pages when a period runs into a year without an official schedule."""
    years = unconfirmed_years(first, last)
    if not years:
        return ""
    return _(
        "The official holiday schedule for %(years)s is not entered yet: working days "
        "there are counted as Monday to Friday, except the holidays already entered."
    ) % {"years": ", ".join(str(year) for year in years)}
