"""Deadline clocks: due dates by the rule, pauses, extensions, warnings and escalations once."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from bureau.celery import BEAT_SCHEDULE
from bureau.clock_reminders import send_clock_reminders
from bureau.clocks import (
    clock_counts_by_township,
    clocks_for,
    due_soon_clocks,
    extend_clock,
    meet_clock,
    open_clock,
    overdue_clocks,
    pause_clock,
    resume_clock,
    start_clock,
)
from bureau.models import ClockPause, DeadlineClock, Notification
from bureau.roles import Role
from tests.bureau.factories import UserFactory

pytestmark = pytest.mark.usefixtures("holidays")

D = dt.date
WORKING = DeadlineClock.Unit.WORKING
CALENDAR = DeadlineClock.Unit.CALENDAR


@pytest.fixture(autouse=True)
def english():
    """Service messages are read in English here (the Chinese default is checked elsewhere)."""
    with translation.override("en"):
        yield


def clock_on(subject, *, by=None, **rule):
    """A clock on `subject` (any row), in the subject's township."""
    township = getattr(subject, "township", subject)
    values = {
        "kind": "test-limit",
        "label": "书面告知受理",
        "days": 15,
        "unit": CALENDAR,
        "started_on": D(2026, 9, 1),
    }
    values.update(rule)
    return start_clock(subject=subject, township=township, by=by, **values)


@pytest.mark.django_db
def test_a_working_day_clock_is_due_after_the_national_day_holiday(village, staff):
    clock = clock_on(
        village,
        days=5,
        unit=WORKING,
        started_on=D(2026, 9, 29),
        warn_before=2,
        by=staff,
    )
    assert clock.due_on == D(2026, 10, 12)
    assert clock.warn_on == D(2026, 10, 9)
    assert clock.state == DeadlineClock.State.RUNNING
    assert list(clocks_for(village)) == [clock]


@pytest.mark.django_db
def test_a_calendar_day_clock_ending_in_the_holiday_ends_on_the_next_working_day(
    village,
):
    # 信访 art. 35: concluded within 60 days; day 60 is 1 October (民法典 art. 203).
    clock = clock_on(village, days=60, started_on=D(2026, 8, 2), warn_before=10)
    assert clock.due_on == D(2026, 10, 8)
    plain = clock_on(
        village,
        kind="notice",
        days=60,
        started_on=D(2026, 8, 2),
        end_on_working_day=False,
    )
    assert plain.due_on == D(2026, 10, 1)


@pytest.mark.django_db
def test_a_paused_and_resumed_clock_is_due_later_by_the_paused_days(village, staff):
    clock = clock_on(village, days=30, started_on=D(2026, 6, 1))
    assert clock.due_on == D(2026, 7, 1)

    clock = pause_clock(clock=clock, reason="听证期间", on=D(2026, 6, 10), by=staff)
    assert clock.state == DeadlineClock.State.PAUSED
    assert clock.pause_reason == "听证期间"
    assert send_clock_reminders(today=D(2026, 8, 1)) == {"warned": 0, "escalated": 0}

    clock = resume_clock(clock=clock, on=D(2026, 6, 18), by=staff)
    assert clock.state == DeadlineClock.State.RUNNING
    assert clock.due_on == D(2026, 7, 9)
    pause = ClockPause.objects.get(clock=clock)
    assert (pause.paused_on, pause.resumed_on, pause.days_not_counted) == (
        D(2026, 6, 10),
        D(2026, 6, 18),
        8,
    )


@pytest.mark.django_db
def test_a_working_day_clock_paused_over_national_day_loses_only_working_days(
    village, staff
):
    # Mid-Autumn (25 Sep) and National Day (1-7 Oct) are off, Saturday 10 Oct is worked.
    clock = clock_on(village, days=10, unit=WORKING, started_on=D(2026, 9, 21))
    assert clock.due_on == D(2026, 10, 12)
    clock = pause_clock(clock=clock, reason="等待鉴定", on=D(2026, 9, 29), by=staff)
    # Paused 30 Sep to 9 Oct: 30 Sep, 8 and 9 Oct are the working days not counted.
    clock = resume_clock(clock=clock, on=D(2026, 10, 9), by=staff)
    assert clock.paused_days == 3
    assert clock.due_on == D(2026, 10, 15)


@pytest.mark.django_db
def test_pausing_needs_a_reason_and_a_running_clock(village, staff):
    clock = clock_on(village)
    with pytest.raises(ValidationError, match="why"):
        pause_clock(clock=clock, reason="  ", by=staff)
    with pytest.raises(ValidationError, match="not paused"):
        resume_clock(clock=clock, by=staff)
    meet_clock(clock=clock, on=D(2026, 9, 5), by=staff)
    with pytest.raises(ValidationError, match="Only a running clock"):
        pause_clock(clock=clock, reason="听证", by=staff)


@pytest.mark.django_db
def test_an_approved_extension_adds_thirty_days(village, chief):
    clock = clock_on(village, days=60, started_on=D(2026, 3, 2))
    assert clock.due_on == D(2026, 5, 6)  # 1 May falls in the Labour Day holiday
    clock = extend_clock(clock=clock, days=30, reason="经负责人批准延期", by=chief)
    # 90 days from 2 March is Sunday 31 May, so the limit ends on Monday 1 June.
    assert clock.due_on == D(2026, 6, 1)
    assert clock.extension_reason == "经负责人批准延期"


@pytest.mark.django_db
def test_a_clock_met_late_says_so_and_meeting_twice_changes_nothing(village, staff):
    clock = clock_on(village, days=15, started_on=D(2026, 9, 1))
    clock = meet_clock(clock=clock, on=D(2026, 9, 20), by=staff)
    assert clock.state == DeadlineClock.State.MET
    assert clock.met_in_time is False
    again = meet_clock(clock=clock, on=D(2026, 9, 25), by=staff)
    assert again.met_on == D(2026, 9, 20)
    assert open_clock(village, "test-limit") is None


@pytest.mark.django_db
def test_a_second_clock_of_the_same_kind_on_a_row_is_refused(village):
    clock_on(village)
    with pytest.raises(ValidationError, match="already has"):
        clock_on(village)


@pytest.mark.django_db
def test_a_warning_before_the_first_day_is_refused(village):
    with pytest.raises(ValidationError, match="0 to 14 days"):
        clock_on(village, warn_before=15)


@pytest.mark.django_db
def test_the_warning_and_the_escalation_are_each_sent_once(village, staff, chief):
    other_staff = UserFactory.create(role=Role.STAFF, townships=[])
    clock = clock_on(
        village,
        days=15,
        started_on=D(2026, 9, 1),
        warn_before=5,
        warn_users=[staff],
        escalate_role=Role.CHIEF,
        link="/casework/1/",
    )
    assert clock.warn_on == D(2026, 9, 11)

    assert send_clock_reminders(today=D(2026, 9, 10)) == {"warned": 0, "escalated": 0}
    assert send_clock_reminders(today=D(2026, 9, 11)) == {"warned": 1, "escalated": 0}
    assert send_clock_reminders(today=D(2026, 9, 12)) == {"warned": 0, "escalated": 0}
    warning = Notification.objects.get(recipient=staff)
    assert "书面告知受理" in warning.title
    assert warning.link == "/casework/1/"
    assert "5 calendar days left" in warning.body

    assert send_clock_reminders(today=D(2026, 9, 16)) == {"warned": 0, "escalated": 0}
    assert send_clock_reminders(today=D(2026, 9, 17)) == {"warned": 0, "escalated": 1}
    assert send_clock_reminders(today=D(2026, 9, 18)) == {"warned": 0, "escalated": 0}
    clock.refresh_from_db()
    assert clock.state == DeadlineClock.State.EXPIRED
    assert Notification.objects.filter(recipient=chief).count() == 1
    assert Notification.objects.filter(recipient=staff).count() == 2
    assert not Notification.objects.filter(recipient=other_staff).exists()


@pytest.mark.django_db
def test_a_role_warns_only_the_staff_of_the_clocks_township(village, other_village):
    own = UserFactory.create(role=Role.STAFF, townships=[village.township])
    other = UserFactory.create(role=Role.STAFF, townships=[other_village.township])
    clock_on(village, warn_before=5, warn_role=Role.STAFF)
    send_clock_reminders(today=D(2026, 9, 12))
    assert Notification.objects.filter(recipient=own).count() == 1
    assert not Notification.objects.filter(recipient=other).exists()


@pytest.mark.django_db
def test_a_due_date_moved_by_an_extension_is_warned_again(village, staff, chief):
    clock = clock_on(village, days=15, warn_before=5, warn_users=[staff])
    send_clock_reminders(today=D(2026, 9, 11))
    extend_clock(clock=clock, days=30, reason="批准延期", by=chief, on=D(2026, 9, 12))
    assert send_clock_reminders(today=D(2026, 9, 20)) == {"warned": 0, "escalated": 0}
    assert send_clock_reminders(today=D(2026, 10, 11)) == {"warned": 1, "escalated": 0}
    assert Notification.objects.filter(recipient=staff).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_runs_send_each_notice_once(village, staff, chief):
    clocks = [
        clock_on(
            village,
            kind=f"limit-{n}",
            days=15,
            started_on=D(2026, 9, 1) - dt.timedelta(days=20 * (n % 2)),
            warn_before=5,
            warn_users=[staff],
            escalate_users=[chief],
        )
        for n in range(6)
    ]
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(send_clock_reminders(today=D(2026, 9, 12)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(result["warned"] for result in results) == 3
    assert sum(result["escalated"] for result in results) == 3
    assert Notification.objects.filter(recipient=chief).count() == 3
    assert Notification.objects.filter(recipient=staff).count() == 6
    assert len(clocks) == 6


@pytest.mark.django_db
def test_overdue_and_due_soon_clocks_are_listed_per_township_in_scope(
    village, other_village, staff, chief
):
    overdue = clock_on(village, kind="late", started_on=D(2026, 8, 1))
    soon = clock_on(village, kind="soon", started_on=D(2026, 9, 1), warn_before=5)
    clock_on(village, kind="later", started_on=D(2026, 9, 10), warn_before=2)
    elsewhere = clock_on(other_village, kind="late", started_on=D(2026, 8, 1))
    today = D(2026, 9, 12)

    assert list(overdue_clocks(staff, today=today)) == [overdue]
    assert list(due_soon_clocks(staff, today=today)) == [soon]
    assert set(overdue_clocks(chief, today=today)) == {overdue, elsewhere}
    assert clock_counts_by_township(staff, today=today) == {
        village.township_id: {"overdue": 1, "due_soon": 1}
    }
    assert clock_counts_by_township(chief, today=today)[other_village.township_id] == {
        "overdue": 1,
        "due_soon": 0,
    }


@pytest.mark.django_db
def test_a_clock_attaches_to_a_row_with_a_numeric_key(village, staff):
    note = Notification.objects.create(recipient=staff, title="x")
    clock = start_clock(
        subject=note,
        township=village.township,
        kind="reply",
        label="答复",
        days=3,
        unit=WORKING,
        started_on=D(2026, 9, 30),
        by=staff,
    )
    assert clock.subject == note
    assert clock.due_on == D(2026, 10, 10)


def test_the_reminder_job_runs_every_hour():
    entry = BEAT_SCHEDULE["bureau-clock-reminders"]
    assert entry["task"] == "bureau.tasks.send_clock_reminders_task"
    assert entry["schedule"].hour == set(range(24))
    assert len(entry["schedule"].minute) == 1


@pytest.mark.django_db
def test_a_met_clock_is_neither_warned_nor_escalated(village, staff, chief):
    clock = clock_on(village, warn_before=5, warn_users=[staff], escalate_users=[chief])
    meet_clock(clock=clock, on=D(2026, 9, 3), by=staff)
    assert send_clock_reminders(today=D(2026, 9, 12)) == {"warned": 0, "escalated": 0}
    assert send_clock_reminders(today=D(2026, 10, 30)) == {"warned": 0, "escalated": 0}
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_holiday_entered_in_the_admin_moves_the_open_clocks_it_touches(
    client, administrator, village, staff
):
    clock = clock_on(village, days=10, unit=WORKING, started_on=D(2026, 12, 21))
    met = clock_on(
        village, kind="met", days=10, unit=WORKING, started_on=D(2026, 12, 21)
    )
    meet_clock(clock=met, on=D(2026, 12, 22), by=staff)
    assert clock.due_on == D(2027, 1, 5)

    client.force_login(administrator)
    response = client.post(
        "/admin/bureau/calendarday/add/",
        {"date": "2027-01-04", "schedule": "2027", "kind": "holiday", "name": "元旦"},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 open deadline was recalculated." in response.content.decode()
    clock.refresh_from_db()
    met.refresh_from_db()
    assert clock.due_on == D(2027, 1, 6)
    assert met.due_on == D(2027, 1, 5)
