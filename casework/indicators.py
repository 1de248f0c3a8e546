"""Casework figures for directive scoring: leads verified on time, cases filed against the
year's target, petitions accepted and concluded on time, petitioners' satisfaction.

Computed per township for one month from this app's cases and their clocks (see
`bureau.indicators`). Cases belong to a township, not a village, so there is no village
breakdown; `records` opens the cases each figure counts.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.indicators import Direction, Indicator, Measure, Period
from bureau.models import DeadlineClock
from casework import clocks as limits
from casework.models import Case, CaseEvent, CaseTarget
from casework.workflow import Kind, Satisfaction, Status

GOOD_RATINGS = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)


def grouped(rows: QuerySet, key: str, **aggregates) -> QuerySet:
    """`rows` counted per `key` (one GROUP BY query)."""
    return rows.order_by().values(key).annotate(**aggregates).values(key, *aggregates)


def clock_on_time(kind: str, codes: Iterable[str], start, end) -> dict[str, Measure]:
    """Clocks of `kind` due in the period, met or already past due: the share met in time.

    A clock met early counts in the period it was due; one still running and not yet due
    on the last day counted (today while the period runs) is left for its own period.
    """
    as_of = min(end - dt.timedelta(days=1), timezone.localdate())
    rows = DeadlineClock.objects.filter(
        kind=kind, township_id__in=list(codes), due_on__gte=start, due_on__lt=end
    ).filter(Q(state=DeadlineClock.State.MET) | Q(due_on__lt=as_of))
    on_time = Q(state=DeadlineClock.State.MET, met_on__lte=F("due_on"))
    return {
        row["township_id"]: Measure(row["good"], row["n"])
        for row in grouped(
            rows, "township_id", n=Count("pk"), good=Count("pk", filter=on_time)
        )
    }


def satisfaction(codes: Iterable[str], start, end) -> dict[str, Measure]:
    """Petitions closed in the period with a rating: the share satisfied or basically so."""
    closed = Exists(
        CaseEvent.objects.filter(
            case=OuterRef("pk"),
            type=CaseEvent.Type.TRANSITION,
            to_status=Status.CLOSED,
            on__gte=start,
            on__lt=end,
        )
    )
    rows = Case.objects.filter(
        closed, kind=Kind.PETITION, township_id__in=list(codes)
    ).exclude(satisfaction="")
    return {
        row["township_id"]: Measure(row["good"], row["n"])
        for row in grouped(
            rows,
            "township_id",
            n=Count("pk"),
            good=Count("pk", filter=Q(satisfaction__in=GOOD_RATINGS)),
        )
    }


def _on_time(kind: str):
    def compute(townships: Iterable[str], period: Period) -> dict[str, Measure]:
        return clock_on_time(kind, list(townships), period.start, period.end)

    return compute


def _clock_cases(kind: str):
    def records(township: str, period: Period, village: str | None = None):
        clocks = DeadlineClock.objects.filter(
            kind=kind,
            township_id=township,
            due_on__gte=period.start,
            due_on__lt=period.end,
        ).values("object_id")
        return (
            Case.objects.filter(township_id=township, pk__in=_as_ints(clocks))
            .select_related("township")
            .order_by("number")
        )

    return records


def _as_ints(object_ids) -> list[int]:
    return [int(value) for value in object_ids.values_list("object_id", flat=True)]


def _filed(township_codes, start: dt.date, end: dt.date) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(
        type=CaseEvent.Type.TRANSITION,
        to_status=Status.FILED,
        case__kind=Kind.LIANGFEI,
        case__township_id__in=list(township_codes),
        on__gte=start,
        on__lt=end,
    )


def _filed_against_target(
    townships: Iterable[str], period: Period
) -> dict[str, Measure]:
    """Cases filed from 1 January to the month's end, out of the year's target."""
    codes = list(townships)
    year = period.start.year
    targets = dict(
        CaseTarget.objects.filter(
            township_id__in=codes, year=year, kind=Kind.LIANGFEI
        ).values_list("township_id", "cases")
    )
    filed = dict(
        _filed(codes, dt.date(year, 1, 1), period.end)
        .order_by()
        .values("case__township_id")
        .annotate(n=Count("case", distinct=True))
        .values_list("case__township_id", "n")
    )
    return {
        code: Measure(filed.get(code, 0), targets[code])
        for code in codes
        if code in targets
    }


def filed_cases(township: str, period: Period, village: str | None = None):
    """The township's 两非 cases filed this year up to the month's end."""
    start = dt.date(period.start.year, 1, 1)
    filed = _filed([township], start, period.end).filter(case=OuterRef("pk"))
    return (
        Case.objects.filter(Exists(filed), township_id=township)
        .select_related("township")
        .order_by("number")
    )


def _satisfaction(townships: Iterable[str], period: Period) -> dict[str, Measure]:
    return satisfaction(list(townships), period.start, period.end)


def rated_petitions(township: str, period: Period, village: str | None = None):
    """Petitions of the township closed in the month with a satisfaction rating."""
    closed = CaseEvent.objects.filter(
        case=OuterRef("pk"),
        type=CaseEvent.Type.TRANSITION,
        to_status=Status.CLOSED,
        on__gte=period.start,
        on__lt=period.end,
    )
    return (
        Case.objects.filter(Exists(closed), kind=Kind.PETITION, township_id=township)
        .exclude(satisfaction="")
        .select_related("township")
        .order_by("number")
    )


INDICATORS = [
    Indicator(
        code="casework.leads_verified_on_time",
        label=_("Leads verified on time"),
        unit="percent",
        direction=Direction.HIGHER_IS_BETTER,
        compute=_on_time(limits.FILING_DECISION.kind),
        records=_clock_cases(limits.FILING_DECISION.kind),
        description=_(
            "两非 leads whose filing decision fell due in the month, decided within "
            "7 working days."
        ),
    ),
    Indicator(
        code="casework.cases_filed_against_target",
        label=_("Cases filed against the year's target"),
        unit="percent",
        direction=Direction.HIGHER_IS_BETTER,
        compute=_filed_against_target,
        records=filed_cases,
        description=_(
            "两非 cases filed since 1 January, out of the township's target for the year."
        ),
    ),
    Indicator(
        code="casework.petitions_accepted_on_time",
        label=_("Petitions accepted on time"),
        unit="percent",
        direction=Direction.HIGHER_IS_BETTER,
        compute=_on_time(limits.ACCEPTANCE.kind),
        records=_clock_cases(limits.ACCEPTANCE.kind),
        description=_("Petitions told in writing of their acceptance within 15 days."),
    ),
    Indicator(
        code="casework.petitions_concluded_on_time",
        label=_("Petitions concluded on time"),
        unit="percent",
        direction=Direction.HIGHER_IS_BETTER,
        compute=_on_time(limits.CONCLUSION.kind),
        records=_clock_cases(limits.CONCLUSION.kind),
        description=_(
            "Petitions whose opinion fell due in the month, issued within 60 days "
            "(90 with an approved extension)."
        ),
    ),
    Indicator(
        code="casework.petition_satisfaction",
        label=_("Petitioners satisfied"),
        unit="percent",
        direction=Direction.HIGHER_IS_BETTER,
        compute=_satisfaction,
        records=rated_petitions,
        description=_(
            "Petitions closed in the month rated satisfied or basically satisfied, "
            "out of those rated."
        ),
    ),
]
