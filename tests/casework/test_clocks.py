"""The statutory clocks each case runs: working days for the 5 and 7-day limits, calendar
days otherwise, ending on a working day; met, paused and extended as the case moves."""

import datetime as dt

import pytest

from bureau.clocks import clocks_for
from bureau.models import DeadlineClock
from bureau.roles import Role
from casework import services
from casework.models import Case
from casework.workflow import Status
from tests.casework.factories import decide, open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]

D = dt.date
State = DeadlineClock.State


def clock(case, kind):
    return clocks_for(case).get(kind=kind)


def test_the_filing_decision_counts_working_days_across_national_day(village, staff):
    case = open_case(village=village, by=staff, opened_on=D(2026, 9, 29))
    services.move_case(
        by=staff, case=case, to=Status.LEAD_VERIFICATION, on=D(2026, 9, 29)
    )

    filing = clock(case, "liangfei-filing")
    assert filing.unit == DeadlineClock.Unit.WORKING
    assert filing.due_on == D(2026, 10, 14)  # 1-7 Oct off, Sat 10 Oct a working day
    assert filing.escalate_role == Role.CHIEF
    assert set(filing.warn_users.all()) == set(case.handlers.all())

    services.move_case(by=staff, case=case, to=Status.FILED, on=D(2026, 10, 12))
    filing.refresh_from_db()
    assert (filing.state, filing.met_on) == (State.MET, D(2026, 10, 12))
    assert clock(case, "liangfei-decision").state == State.RUNNING


def test_ninety_days_to_decide_end_on_a_working_day_and_a_suspension_stops_them(
    village, staff
):
    case = open_case(village=village, by=staff, opened_on=D(2026, 3, 2))
    for to in (Status.LEAD_VERIFICATION, Status.FILED):
        services.move_case(by=staff, case=case, to=to, on=D(2026, 3, 2))
    decision = clock(case, "liangfei-decision")
    assert decision.due_on == D(2026, 6, 1)  # day 90 is Sunday 31 May

    services.move_case(
        by=staff,
        case=case,
        to=Status.SUSPENDED,
        note="当事人下落不明",
        on=D(2026, 3, 10),
    )
    decision.refresh_from_db()
    assert decision.state == State.PAUSED
    services.move_case(by=staff, case=case, to=Status.INVESTIGATING, on=D(2026, 3, 20))
    decision.refresh_from_db()
    assert (decision.state, decision.due_on) == (State.RUNNING, D(2026, 6, 10))


def test_hearing_request_and_service_limits_follow_the_decision_path(village, staff):
    case = open_case(village=village, by=staff, opened_on=D(2026, 4, 1))
    for to in (
        Status.LEAD_VERIFICATION,
        Status.FILED,
        Status.INVESTIGATING,
        Status.PRE_DECISION_NOTICE,
    ):
        services.move_case(by=staff, case=case, to=to, on=D(2026, 4, 28))
    hearing = clock(case, "liangfei-hearing")
    assert hearing.due_on == D(2026, 5, 8)  # 1-5 May are not working days

    decide(case, by=staff, on=D(2026, 5, 8))
    hearing.refresh_from_db()
    assert (hearing.state, hearing.met_on) == (State.MET, hearing.due_on)
    assert clock(case, "liangfei-decision").state == State.MET
    assert clock(case, "liangfei-service").state == State.RUNNING

    services.record_service(by=staff, case=case, served_on=D(2026, 5, 11))
    payment = clock(case, "liangfei-payment")
    assert (payment.unit, payment.due_on) == (
        DeadlineClock.Unit.CALENDAR,
        D(2026, 5, 26),
    )


def test_petition_acceptance_conclusion_and_an_approved_extension(
    village, staff, chief
):
    case = open_case(
        village=village,
        by=staff,
        kind=Case.Kind.PETITION,
        title="申诉求决",
        opened_on=D(2026, 9, 20),
    )
    acceptance = clock(case, "petition-acceptance")
    assert acceptance.due_on == D(2026, 10, 8)  # day 15 is 5 Oct, in the holiday

    services.move_case(
        by=staff, case=case, to=Status.ACCEPTANCE_NOTIFIED, on=D(2026, 9, 25)
    )
    acceptance.refresh_from_db()
    assert acceptance.state == State.MET
    conclusion = clock(case, "petition-conclusion")
    assert conclusion.due_on == D(2026, 11, 24)

    services.move_case(by=staff, case=case, to=Status.HANDLING, on=D(2026, 9, 28))
    services.move_case(
        by=chief,
        case=case,
        to=Status.EXTENDED,
        note="情况复杂，经批准延期",
        on=D(2026, 11, 1),
    )
    conclusion.refresh_from_db()
    assert conclusion.due_on == D(2026, 12, 24)
    assert "经批准延期" in conclusion.extension_reason

    services.move_case(
        by=staff,
        case=case,
        to=Status.OPINION_ISSUED,
        outcome="explain",
        on=D(2026, 12, 1),
    )
    conclusion.refresh_from_db()
    assert conclusion.state == State.MET

    services.move_case(
        by=staff, case=case, to=Status.REVIEW_REQUESTED, on=D(2026, 12, 3)
    )
    assert clock(case, "petition-review").due_on == D(2027, 1, 4)


def test_a_petition_warns_its_handlers_then_escalates_to_the_chief(
    village, staff, chief
):
    from django.urls import reverse

    from bureau.clock_reminders import send_clock_reminders
    from bureau.models import Notification

    case = open_case(
        village=village,
        by=staff,
        handlers=[staff],
        kind=Case.Kind.PETITION,
        title="未告知受理",
        opened_on=D(2026, 6, 1),
    )
    acceptance = clock(case, "petition-acceptance")
    assert (acceptance.warn_on, acceptance.due_on) == (D(2026, 6, 11), D(2026, 6, 16))

    assert send_clock_reminders(today=D(2026, 6, 10)) == {"warned": 0, "escalated": 0}
    assert send_clock_reminders(today=D(2026, 6, 11))["warned"] == 1
    warning = Notification.objects.get(recipient=staff)
    assert warning.title.startswith("Due on 2026-06-16")
    assert warning.link == reverse("casework:case-detail", args=[case.pk])
    assert not Notification.objects.filter(recipient=chief).exists()

    assert send_clock_reminders(today=D(2026, 6, 17))["escalated"] == 1
    assert Notification.objects.filter(
        recipient=chief, title__startswith="Overdue since 2026-06-16"
    ).exists()
    assert send_clock_reminders(today=D(2026, 6, 18)) == {"warned": 0, "escalated": 0}
