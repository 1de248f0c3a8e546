"""The sanctions ledger: decision with penalties, service, payments, seized items."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bureau.clocks import clocks_for
from bureau.models import DeadlineClock
from casework import services
from casework.models import CaseEvent, Decision, Penalty, SeizedItem
from casework.selectors import prior_violations
from casework.workflow import Status
from tests.casework.factories import (
    PATH_TO_NOTICE,
    decide,
    handler_of,
    open_case,
    provider_in,
    walk,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]

D = dt.date


def served(case, staff, *, fine="10000"):
    decide(case, by=staff, fine=fine, on=D(2026, 9, 15))
    services.record_service(by=staff, case=case, served_on=D(2026, 9, 20))
    case.refresh_from_db()
    return case


def fine_of(case):
    return Penalty.objects.get(decision__case=case, type=Penalty.Type.FINE)


def test_a_decision_records_its_penalties_and_decides_the_case(noticed, staff):
    decision = services.record_decision(
        by=staff,
        case=noticed,
        outcome="penalty",
        decided_on=D(2026, 9, 15),
        penalties=[
            {"type": "warning"},
            {"type": "fine", "amount": "20000"},
            {"type": "confiscated_income", "amount": "2280.50"},
            {"type": "licence_revoked", "note": "吊销执业许可证"},
        ],
        document_number="卫罚〔2026〕7号",
    )
    noticed.refresh_from_db()
    assert noticed.status == Status.DECIDED
    assert [(p.type, p.amount) for p in decision.penalties.order_by("pk")] == [
        ("warning", None),
        ("fine", Decimal("20000.00")),
        ("confiscated_income", Decimal("2280.50")),
        ("licence_revoked", None),
    ]
    assert noticed.timeline.filter(type=CaseEvent.Type.DECISION, on=D(2026, 9, 15))
    assert clocks_for(noticed).get(kind="liangfei-decision").met_on == D(2026, 9, 15)


def test_the_case_cannot_be_decided_by_a_bare_move(noticed, staff):
    with pytest.raises(ValidationError, match="Record the decision"):
        services.move_case(by=staff, case=noticed, to=Status.DECIDED)


@pytest.mark.parametrize(
    ("outcome", "penalties", "message"),
    [
        ("penalty", [], "at least one penalty"),
        ("penalty", [{"type": "fine"}], "amount in yuan"),
        ("penalty", [{"type": "fine", "amount": "-5"}], "more than zero"),
        ("penalty", [{"type": "warning", "amount": "100"}], "takes no amount"),
        ("penalty", [{"type": "birth_fine", "amount": "100"}], "unknown type"),
        ("minor", [{"type": "fine", "amount": "100"}], "only refer the case on"),
        ("guilty", [], "Unknown outcome"),
        ("penalty", [{"type": "warning", "note": "长" * 201}], "Penalty 1: "),
    ],
)
def test_a_wrong_decision_is_refused_and_nothing_is_written(
    noticed, staff, outcome, penalties, message
):
    with pytest.raises(ValidationError, match=message):
        services.record_decision(
            by=staff,
            case=noticed,
            outcome=outcome,
            decided_on=D(2026, 9, 15),
            penalties=penalties,
        )
    noticed.refresh_from_db()
    assert noticed.status == Status.PRE_DECISION_NOTICE
    assert not Decision.objects.exists()
    assert not Penalty.objects.exists()


def test_a_penalty_needs_a_named_party(village, staff):
    case = walk(open_case(village=village, by=staff), PATH_TO_NOTICE, by=staff)
    with pytest.raises(ValidationError, match="Name the party"):
        services.record_decision(
            by=staff,
            case=case,
            outcome="penalty",
            decided_on=D(2026, 11, 2),
            penalties=[{"type": "warning"}],
        )


def test_a_referral_decision_without_penalty(noticed, staff):
    services.record_decision(
        by=staff,
        case=noticed,
        outcome="referred",
        decided_on=D(2026, 9, 15),
        penalties=[{"type": "criminal_referral"}],
    )
    case = services.move_case(
        by=staff, case=noticed, to=Status.REFERRED_POLICE, note="公安已受理，回执附后"
    )
    assert case.status == Status.REFERRED_POLICE


def test_decisions_are_recorded_only_after_the_notice(village, staff):
    case = open_case(village=village, by=staff)
    with pytest.raises(
        ValidationError, match="is Lead received; this is recorded when"
    ):
        services.record_decision(
            by=staff, case=case, outcome="minor", decided_on=D(2026, 9, 15)
        )


def test_service_sets_the_fine_due_fifteen_days_later_across_national_day(
    noticed, staff
):
    case = served(noticed, staff)
    # Served 20 Sep; day 15 is 5 Oct, inside the 1-7 Oct holiday: due Thursday 8 Oct.
    assert fine_of(case).due_on == D(2026, 10, 8)
    payment = clocks_for(case).get(kind="liangfei-payment")
    assert (payment.state, payment.due_on) == (
        DeadlineClock.State.RUNNING,
        D(2026, 10, 8),
    )
    assert case.status == Status.SERVED


def test_service_comes_after_the_decision(noticed, staff):
    decide(noticed, by=staff, on=D(2026, 9, 15))
    with pytest.raises(ValidationError, match="on or after its date"):
        services.record_service(by=staff, case=noticed, served_on=D(2026, 9, 14))


def test_payments_with_a_late_surcharge_settle_the_fine_and_meet_the_clock(
    noticed, staff
):
    case = served(noticed, staff)
    fine = fine_of(case)
    services.record_payment(
        by=staff, penalty=fine, paid_on=D(2026, 10, 8), amount="4000"
    )
    # 6,000 more on 12 Oct, 4 days late: the fine is paid then; 10,000 × 3 % × 4 = 1,200.
    services.record_payment(
        by=staff, penalty=fine, paid_on=D(2026, 10, 12), amount="6000"
    )
    state = services.penalty_account(fine, on=D(2026, 11, 1))
    assert (state.paid, state.surcharge, state.outstanding) == (
        Decimal("10000.00"),
        Decimal("1200.00"),
        Decimal("1200.00"),
    )
    payment_clock = clocks_for(case).get(kind="liangfei-payment")
    assert (payment_clock.state, payment_clock.met_on) == (
        DeadlineClock.State.MET,
        D(2026, 10, 12),
    )
    with pytest.raises(ValidationError, match=r"¥1200\.00 is owed"):
        services.record_payment(
            by=staff, penalty=fine, paid_on=D(2026, 11, 1), amount="1200.01"
        )
    services.record_payment(
        by=staff, penalty=fine, paid_on=D(2026, 11, 1), amount="1200"
    )
    assert services.penalty_account(fine).settled


def test_a_warning_is_not_paid(noticed, staff):
    case = served(noticed, staff)
    warning = Penalty.objects.get(decision__case=case, type=Penalty.Type.WARNING)
    with pytest.raises(ValidationError, match="is not paid"):
        services.record_payment(
            by=staff, penalty=warning, paid_on=D(2026, 10, 1), amount="10"
        )


def test_another_township_records_nothing_on_the_case(noticed, staff, other_village):
    case = served(noticed, staff)
    stranger = handler_of(other_village.township)
    with pytest.raises(PermissionDenied):
        services.record_payment(
            by=stranger, penalty=fine_of(case), paid_on=D(2026, 10, 1), amount="10"
        )
    with pytest.raises(PermissionDenied):
        services.add_party(
            by=stranger,
            case=case,
            provider=provider_in(other_village.township, by=stranger),
        )


def test_an_auditor_and_a_chief_record_no_decision(noticed, chief, auditor):
    for user in (chief, auditor):
        with pytest.raises(PermissionDenied):
            services.record_decision(
                by=user, case=noticed, outcome="minor", decided_on=D(2026, 9, 15)
            )


def test_seized_items_are_registered_and_disposed_of_once(noticed, staff):
    item = services.register_seized_item(
        by=staff,
        case=noticed,
        type="ultrasound",
        description="便携式B超机 型号X-1",
        quantity=2,
        seized_on=D(2026, 9, 5),
        seal_number="FT-0001",
        storage="局证据保管室",
    )
    assert (item.disposal, item.quantity, item.unit) == ("held", 2, "台")
    assert services.may_dispose_item(staff, item)
    with pytest.raises(ValidationError, match="approval"):
        services.dispose_item(
            by=staff,
            item=item,
            disposal="destroyed",
            disposed_on=D(2026, 10, 20),
            note="",
        )
    item = services.dispose_item(
        by=staff,
        item=item,
        disposal="destroyed",
        disposed_on=D(2026, 10, 20),
        note="经财政部门批准销毁，全程录像",
    )
    assert item.get_disposal_display() == "Destroyed"
    with pytest.raises(ValidationError, match="already Destroyed"):
        services.dispose_item(
            by=staff,
            item=item,
            disposal="returned",
            disposed_on=D(2026, 10, 21),
            note="x",
        )
    assert not services.may_dispose_item(staff, item)
    assert SeizedItem.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"quantity": 0}, "at least 1"),
        ({"description": " "}, "Describe the item"),
        ({"type": "pregnancy_test"}, "Unknown type"),
    ],
)
def test_a_wrong_item_is_refused(noticed, staff, values, message):
    given = {
        "type": "drugs",
        "description": "米非司酮片",
        "quantity": 66,
        "seized_on": D(2026, 9, 5),
        **values,
    }
    with pytest.raises(ValidationError, match=message):
        services.register_seized_item(by=staff, case=noticed, unit="盒", **given)


def test_prior_violations_of_a_provider(village, staff):
    provider = provider_in(village.township, by=staff, name="康宁诊所")
    cases = []
    for opened in (D(2026, 3, 2), D(2026, 8, 3)):
        case = open_case(village=village, by=staff, opened_on=opened)
        case = walk(case, PATH_TO_NOTICE, by=staff, on=opened)
        services.add_party(by=staff, case=case, provider=provider)
        cases.append(decide(case, by=staff, on=opened + dt.timedelta(days=30)))
    unfounded = walk(open_case(village=village, by=staff), PATH_TO_NOTICE, by=staff)
    services.add_party(by=staff, case=unfounded, provider=provider)
    services.record_decision(
        by=staff,
        case=unfounded,
        outcome="not_established",
        decided_on=D(2026, 11, 20),
        hearing_waived=True,
    )

    assert list(prior_violations(provider)) == cases
    assert list(prior_violations(provider, before=cases[1])) == [cases[0]]
