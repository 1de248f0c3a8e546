"""Working days on the shipped State Council schedules, and the admin-editable holiday table."""

import datetime as dt

import pytest

from bureau.models import CalendarDay, HolidaySchedule
from bureau.workdays import (
    add_calendar_days,
    add_working_days,
    calendar_warning,
    is_working_day,
    next_working_day,
    unconfirmed_years,
    working_days_between,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]

D = dt.date


def test_the_2026_national_day_holiday_is_not_worked():
    # 国庆节 2026: 1-7 October off; the next working day after 30 September is 8 October.
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert not any(is_working_day(D(2026, 10, day)) for day in range(1, 8))


def test_the_make_up_saturday_after_national_day_is_a_working_day():
    assert is_working_day(D(2026, 10, 10))  # 周六上班
    assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)
    assert not is_working_day(D(2026, 10, 11))  # an ordinary Sunday


def test_five_working_days_across_national_day_and_the_make_up_saturday():
    # Tue 29 Sep: Wed 30 Sep, Thu 8, Fri 9, Sat 10 (make-up), Mon 12 October.
    assert add_working_days(D(2026, 9, 29), 5) == D(2026, 10, 12)
    assert working_days_between(D(2026, 9, 29), D(2026, 10, 12)) == 5
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 12)) == 4


def test_the_make_up_sunday_before_national_day_is_worked():
    assert is_working_day(D(2026, 9, 20))
    assert working_days_between(D(2026, 9, 18), D(2026, 9, 21)) == 2


def test_the_nine_day_2026_spring_festival_and_its_two_make_up_saturdays():
    assert is_working_day(D(2026, 2, 14))
    assert is_working_day(D(2026, 2, 28))
    assert add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 28)) == 6


def test_the_2025_schedule_is_shipped():
    assert add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert is_working_day(D(2025, 9, 28))
    assert is_working_day(D(2025, 10, 11))
    assert not is_working_day(D(2025, 1, 1))


def test_2027_ships_the_statutory_holidays_and_says_the_schedule_is_incomplete():
    for day in (D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 10, 1)):
        assert not is_working_day(day)
    assert unconfirmed_years(D(2026, 12, 1), D(2027, 1, 31)) == [2027]
    assert "2027" in calendar_warning(D(2026, 12, 1), D(2027, 1, 31))
    assert calendar_warning(D(2026, 1, 1), D(2026, 12, 31)) == ""


def test_counting_backwards_is_the_mirror_of_counting_forwards():
    assert add_working_days(D(2026, 10, 8), -1) == D(2026, 9, 30)
    assert working_days_between(D(2026, 10, 12), D(2026, 9, 29)) == -5
    assert add_working_days(D(2026, 10, 4), 0) == D(2026, 10, 4)


@pytest.mark.parametrize("days", [1, 3, 15, 30, 250])
def test_working_days_between_counts_back_what_add_working_days_added(days):
    start = D(2026, 1, 1)
    for offset in range(0, 365, 17):
        first = start + dt.timedelta(days=offset)
        assert working_days_between(first, add_working_days(first, days)) == days


def test_a_long_count_crosses_into_the_next_year():
    assert add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)  # 1 January 2027 off


def test_calendar_days_end_on_the_next_working_day_only_when_asked():
    # 60 days from 2 August 2026 is Thursday 1 October, inside the holiday (民法典 art. 203).
    assert add_calendar_days(D(2026, 8, 2), 60) == D(2026, 10, 1)
    assert add_calendar_days(D(2026, 8, 2), 60, end_on_working_day=True) == D(
        2026, 10, 8
    )
    assert add_calendar_days(D(2026, 8, 3), 15, end_on_working_day=True) == D(
        2026, 8, 18
    )


def test_next_working_day_skips_the_holiday():
    assert next_working_day(D(2026, 10, 1)) == D(2026, 10, 8)
    assert next_working_day(D(2026, 10, 8), include=True) == D(2026, 10, 8)


def test_a_day_entered_in_the_table_changes_the_count():
    schedule = HolidaySchedule.objects.get(year=2027)
    assert is_working_day(D(2027, 2, 9))
    CalendarDay.objects.create(
        date=D(2027, 2, 9),
        schedule=schedule,
        kind=CalendarDay.Kind.HOLIDAY,
        name="春节",
    )
    assert not is_working_day(D(2027, 2, 9))
    CalendarDay.objects.create(
        date=D(2027, 2, 20),
        schedule=schedule,
        kind=CalendarDay.Kind.WORKDAY,
        name="春节",
    )
    assert is_working_day(D(2027, 2, 20))


def test_a_make_up_working_day_on_a_weekday_is_refused_with_the_date():
    schedule = HolidaySchedule.objects.get(year=2027)
    day = CalendarDay(
        date=D(2027, 2, 10), schedule=schedule, kind=CalendarDay.Kind.WORKDAY, name="x"
    )
    with pytest.raises(Exception, match="2027-02-10"):
        day.full_clean()


def test_a_day_outside_its_schedule_year_is_refused():
    schedule = HolidaySchedule.objects.get(year=2027)
    day = CalendarDay(
        date=D(2026, 2, 10), schedule=schedule, kind=CalendarDay.Kind.HOLIDAY, name="x"
    )
    with pytest.raises(Exception, match="2027"):
        day.full_clean()


def test_the_administrator_edits_the_holiday_table_in_the_admin(client, administrator):
    client.force_login(administrator)
    page = client.get("/admin/bureau/holidayschedule/2027/change/")
    assert page.status_code == 200
    assert "2027-02-05" in page.content.decode()
    listing = client.get("/admin/bureau/calendarday/?schedule__year__exact=2026")
    assert listing.status_code == 200
    assert "2026-10-10" in listing.content.decode() or "Oct. 10, 2026" in (
        listing.content.decode()
    )


def test_township_staff_cannot_open_the_holiday_admin(client, staff):
    client.force_login(staff)
    assert client.get("/admin/bureau/holidayschedule/").status_code in (302, 403)
