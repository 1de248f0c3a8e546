"""A 两非 case's ledger on its page: party, decision with a fine, service, payment and its
late surcharge, the item register and disposal, the reporter's reward."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.models import Case, FinePayment, Penalty, ReporterReward, SeizedItem
from casework.workflow import Status
from tests.casework.factories import PATH_TO_NOTICE, chief_user, handler_of, walk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def noticed(village, staff):
    """A lead from the hotline with a sealed reporter, walked to the pre-decision notice."""
    case = services.register_lead(
        by=staff,
        township=village.township,
        source="hotline",
        title="某诊所非医学需要鉴定胎儿性别",
        reporter="举报人 13800000000",
        handlers=[staff, handler_of(village.township)],
        received_at=timezone.now() - dt.timedelta(days=60),
    )
    return walk(case, PATH_TO_NOTICE, by=staff, on=_ago(50))


def _post(client, name, pk, data):
    return client.post(reverse(name, args=[pk]), data, follow=True)


def _new_party(client, case):
    return _post(
        client,
        "casework:party-add",
        case.pk,
        {
            "role": "respondent",
            "new_kind": "unlicensed_site",
            "new_name": "城东无证B超点",
            "new_address": "城东路12号",
        },
    )


def _decide(client, case, **values):
    return _post(
        client,
        "casework:decision-record",
        case.pk,
        {
            "outcome": "penalty",
            "decided_on": _ago(45).isoformat(),
            "document_number": "卫罚〔2026〕7号",
            "grounds": "经查，该点为孕妇进行非医学需要的胎儿性别鉴定。",
            "warning": "on",
            "fine": "20000",
            "hearing_waived": "on",
            **values,
        },
    )


def test_a_decision_with_a_fine_is_served_and_paid_late_with_its_surcharge(
    client, noticed, staff
):
    client.force_login(staff)

    party = _new_party(client, noticed)
    assert "Party added." in _messages(party)
    assert "城东无证B超点" in party.content.decode()

    decided = _decide(client, noticed)
    noticed.refresh_from_db()
    assert "Decision recorded." in _messages(decided)
    assert noticed.status == Status.DECIDED
    fine = Penalty.objects.get(decision__case=noticed, type=Penalty.Type.FINE)
    assert fine.amount == Decimal("20000.00")
    text = decided.content.decode()
    assert "Penalty imposed" in text
    assert "卫罚〔2026〕7号" in text
    assert 'data-testid="service-form"' in text

    served_on = _ago(44)
    served = _post(
        client,
        "casework:service-record",
        noticed.pk,
        {"served_on": served_on.isoformat()},
    )
    noticed.refresh_from_db()
    fine.refresh_from_db()
    assert "Service recorded." in _messages(served)
    assert noticed.status == Status.SERVED
    assert fine.due_on == services.sanctions.payment_due_on(served_on)
    account = services.penalty_account(fine)
    assert account.days_late > 0
    assert account.surcharge == min(
        Decimal("20000.00") * Decimal("0.03") * account.days_late, Decimal("20000.00")
    )
    text = served.content.decode()
    assert f"{account.days_late} days late" in text
    assert str(account.surcharge) in text
    assert 'data-testid="payment-form"' in text

    paid = _post(
        client,
        "casework:payment-record",
        fine.pk,
        {
            "paid_on": timezone.localdate().isoformat(),
            "amount": "5000",
            "receipt_number": "NO.000123",
        },
    )
    assert FinePayment.objects.get(penalty=fine).amount == Decimal("5000.00")
    text = paid.content.decode()
    assert "NO.000123" in text
    assert str(services.penalty_account(fine).outstanding) in text


def test_a_decision_before_the_hearing_period_ran_out_is_refused(
    client, village, staff
):
    case = services.register_lead(
        by=staff,
        township=village.township,
        source="letter",
        title="来信举报",
        handlers=[staff, handler_of(village.township)],
    )
    case = walk(case, PATH_TO_NOTICE, by=staff)
    client.force_login(staff)
    _new_party(client, case)

    page = _decide(
        client, case, decided_on=timezone.localdate().isoformat(), hearing_waived=""
    )

    case.refresh_from_db()
    assert case.status == Status.PRE_DECISION_NOTICE
    assert any("may ask for a hearing until" in m for m in _messages(page))


def test_a_decision_names_its_refusal(client, noticed, staff):
    client.force_login(staff)

    page = _decide(client, noticed, fine="-5")

    assert any(m.startswith("Fine (yuan):") for m in _messages(page))
    assert Case.objects.get(pk=noticed.pk).status == Status.PRE_DECISION_NOTICE


def test_a_payment_to_another_townships_fine_answers_404(
    client, noticed, staff, other_village
):
    client.force_login(staff)
    _new_party(client, noticed)
    _decide(client, noticed)
    fine = Penalty.objects.get(decision__case=noticed, type=Penalty.Type.FINE)
    stranger = handler_of(other_village.township)
    client.force_login(stranger)

    page = client.post(
        reverse("casework:payment-record", args=[fine.pk]),
        {"paid_on": timezone.localdate().isoformat(), "amount": "1"},
    )

    assert page.status_code == 404
    assert not FinePayment.objects.exists()


def test_a_seized_item_is_registered_and_its_disposal_recorded(client, noticed, staff):
    client.force_login(staff)

    page = _post(
        client,
        "casework:item-register",
        noticed.pk,
        {
            "type": "ultrasound",
            "description": "便携式B超机 DP-10",
            "quantity": "1",
            "unit": "台",
            "seal_number": "封-2026-031",
            "storage": "区卫健局证物室",
            "seized_on": _ago(50).isoformat(),
        },
    )

    item = SeizedItem.objects.get(case=noticed)
    text = page.content.decode()
    assert "Item registered." in _messages(page)
    assert "便携式B超机 DP-10" in text
    assert "封-2026-031" in text
    assert "Held under seal" in text

    disposed = _post(
        client,
        "casework:item-dispose",
        item.pk,
        {
            "disposal": "destroyed",
            "disposed_on": timezone.localdate().isoformat(),
            "note": "局长批准销毁",
        },
    )

    item.refresh_from_db()
    assert "Disposal recorded." in _messages(disposed)
    assert item.disposal == SeizedItem.Disposal.DESTROYED
    assert "局长批准销毁" in disposed.content.decode()


def test_a_reward_to_the_reporter_is_recorded_without_naming_the_reporter(
    client, noticed, staff
):
    chief = chief_user()
    client.force_login(staff)

    page = _post(
        client,
        "casework:reward-record",
        noticed.pk,
        {
            "amount": "500",
            "paid_on": timezone.localdate().isoformat(),
            "approved_by": chief.pk,
            "note": "举报奖励",
        },
    )

    reward = ReporterReward.objects.get(case=noticed)
    text = page.content.decode()
    assert "Reward recorded." in _messages(page)
    assert reward.amount == Decimal("500.00")
    assert "¥500.00" in text
    assert "13800000000" not in text


def test_the_ledger_forms_are_offered_only_to_who_may_use_them(
    client, noticed, chief, auditor
):
    for user in (chief, auditor):
        client.force_login(user)
        text = client.get(
            reverse("casework:case-detail", args=[noticed.pk])
        ).content.decode()
        assert 'data-testid="ledger"' in text
        for form in ("decision-form", "party-form", "item-form", "reward-form"):
            assert f'data-testid="{form}"' not in text
        refused = client.post(
            reverse("casework:decision-record", args=[noticed.pk]), {}
        )
        assert refused.status_code == 403


def test_after_a_hearing_request_the_decision_needs_the_day_it_was_held(
    client, noticed, staff
):
    services.move_case(by=staff, case=noticed, to=Status.HEARING_REQUESTED, on=_ago(48))
    client.force_login(staff)
    _new_party(client, noticed)

    refused = _decide(client, noticed, hearing_waived="")
    assert any("A hearing was requested" in m for m in _messages(refused))
    noticed.refresh_from_db()
    assert noticed.status == Status.HEARING_REQUESTED

    decided = _decide(
        client, noticed, hearing_waived="", hearing_held_on=_ago(46).isoformat()
    )
    noticed.refresh_from_db()
    assert "Decision recorded." in _messages(decided)
    assert noticed.status == Status.DECIDED
    assert f"Hearing held on {_ago(46)}." in decided.content.decode()
