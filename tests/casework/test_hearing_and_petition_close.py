"""The party's hearing before a 两非 decision, and what closing a petition records."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from casework import services
from casework.models import Case, CaseEvent, Decision
from casework.workflow import Status
from tests.casework.factories import open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]

D = dt.date
# `noticed` (tests/casework/conftest.py): notice given on Wednesday 2 Sep 2026, so the
# party may ask for a hearing until Wednesday 9 Sep.


def decide(case, staff, on, **values):
    return services.record_decision(
        by=staff,
        case=case,
        outcome="penalty",
        decided_on=on,
        penalties=[{"type": "warning"}],
        **values,
    )


def test_no_decision_while_the_party_may_still_ask_for_a_hearing(noticed, staff):
    with pytest.raises(ValidationError) as refused:
        decide(noticed, staff, D(2026, 9, 9))

    assert refused.value.message_dict["decided_on"] == [
        "The party may ask for a hearing until 2026-09-09; record the decision "
        "from 2026-09-10 on, or record that the party waived a hearing."
    ]
    noticed.refresh_from_db()
    assert noticed.status == Status.PRE_DECISION_NOTICE
    assert not Decision.objects.exists()


def test_the_decision_follows_once_the_five_working_days_have_run_out(noticed, staff):
    decide(noticed, staff, D(2026, 9, 10))
    noticed.refresh_from_db()
    assert noticed.status == Status.DECIDED
    assert not noticed.timeline.filter(type=CaseEvent.Type.NOTE).exists()


def test_a_party_that_waived_a_hearing_is_decided_at_once(noticed, staff):
    decide(noticed, staff, D(2026, 9, 3), hearing_waived=True)
    noticed.refresh_from_db()
    assert noticed.status == Status.DECIDED
    assert noticed.timeline.filter(
        type=CaseEvent.Type.NOTE, note="The party waived a hearing."
    ).exists()


def test_after_a_hearing_request_the_decision_waits_for_the_hearing(noticed, staff):
    case = services.move_case(
        by=staff, case=noticed, to=Status.HEARING_REQUESTED, on=D(2026, 9, 4)
    )
    with pytest.raises(ValidationError) as refused:
        decide(case, staff, D(2026, 9, 30))
    assert (
        "record the day it was held" in refused.value.message_dict["hearing_held_on"][0]
    )
    with pytest.raises(ValidationError, match="before it was requested"):
        decide(case, staff, D(2026, 9, 30), hearing_held_on=D(2026, 9, 3))
    with pytest.raises(ValidationError, match="held before the decision"):
        decide(case, staff, D(2026, 9, 30), hearing_held_on=D(2026, 10, 9))

    decide(case, staff, D(2026, 9, 30), hearing_held_on=D(2026, 9, 21))
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    assert case.timeline.filter(
        type=CaseEvent.Type.NOTE, note="Hearing held on 2026-09-21.", on=D(2026, 9, 21)
    ).exists()


def answered_petition(village, staff) -> Case:
    case = open_case(village=village, by=staff, kind=Case.Kind.PETITION)
    for state in (Status.ACCEPTANCE_NOTIFIED, Status.HANDLING):
        case = services.move_case(by=staff, case=case, to=state)
    return services.move_case(
        by=staff, case=case, to=Status.OPINION_ISSUED, outcome="explain"
    )


def test_closing_a_petition_names_its_reason_and_the_satisfaction(village, staff):
    case = answered_petition(village, staff)
    with pytest.raises(ValidationError) as refused:
        services.move_case(by=staff, case=case, to=Status.CLOSED, note="已答复")
    assert "close reason" in refused.value.message_dict["close_reason"][0]
    with pytest.raises(ValidationError) as refused:
        services.move_case(
            by=staff,
            case=case,
            to=Status.CLOSED,
            note="已答复",
            close_reason="explained",
        )
    assert "satisfaction" in refused.value.message_dict["satisfaction"][0]
    with pytest.raises(ValidationError, match="Unknown close reason"):
        services.move_case(
            by=staff,
            case=case,
            to=Status.CLOSED,
            note="已答复",
            close_reason="tired",
            satisfaction="satisfied",
        )
    case.refresh_from_db()
    assert case.status == Status.OPINION_ISSUED

    closed = services.move_case(
        by=staff,
        case=case,
        to=Status.CLOSED,
        note="已答复",
        close_reason="explained",
        satisfaction="basically",
    )
    closed.refresh_from_db()
    assert (closed.status, closed.close_reason, closed.satisfaction) == (
        Status.CLOSED,
        "explained",
        "basically",
    )


def test_a_transferred_petition_closes_without_a_rating(village, staff):
    case = open_case(village=village, by=staff, kind=Case.Kind.PETITION)
    case = services.move_case(
        by=staff, case=case, to=Status.TRANSFERRED_OUT, note="转市场监管局"
    )
    with pytest.raises(ValidationError, match="close reason"):
        services.move_case(by=staff, case=case, to=Status.CLOSED, note="已转送")
    closed = services.move_case(
        by=staff, case=case, to=Status.CLOSED, note="已转送", close_reason="transferred"
    )
    assert (closed.close_reason, closed.satisfaction) == ("transferred", "")
