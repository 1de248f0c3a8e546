"""T-PAY-06: the final approval of a payout batch asks again for a current code."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from bureau.models import AccessEvent
from incentives import services
from incentives.models import PayoutBatch
from tests.bureau.factories import enrol_authenticator, totp_code
from tests.incentives.factories import entitled, monthly_scheme, step_up_code

B = PayoutBatch.Status
BASE = "/api/v1/benefits"


@pytest.fixture
def frozen(village, staff, chief):
    scheme = monthly_scheme("590.00")
    for _ in range(2):
        entitled(scheme, village=village, by=staff)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    return services.freeze_batch(by=chief, batch=batch)


def _unchanged(batch) -> bool:
    current = PayoutBatch.objects.get(pk=batch.pk)
    return (
        current.status == B.FROZEN
        and current.approved_by_id is None
        and current.version == batch.version
    )


def _wrong_code(user) -> str:
    """Six digits that no step django-otp tolerates around now would accept."""
    device = enrol_authenticator(user)
    accepted = {totp_code(device, steps_ahead=step) for step in (-1, 0, 1)}
    return next(
        code
        for code in ("000000", "111111", "222222", "333333")
        if code not in accepted
    )


def _wait_over(user) -> None:
    """As if the throttling wait after a wrong code had passed."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=None)


def test_without_a_code_the_approval_is_refused_and_nothing_changes(frozen, checker):
    enrol_authenticator(checker)

    with pytest.raises(ValidationError) as refused:
        services.approve_batch(by=checker, batch=frozen)

    assert "authenticator app shows now" in refused.value.message_dict["otp_code"][0]
    assert _unchanged(frozen)


def test_a_wrong_code_is_refused_logged_and_throttled(frozen, checker):
    with pytest.raises(ValidationError, match="wrong or was already used"):
        services.approve_batch(by=checker, batch=frozen, otp_code=_wrong_code(checker))

    assert _unchanged(frozen)
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.OTP_FAILED)
    assert (event.user, event.filters["batch"]) == (checker, frozen.pk)
    assert TOTPDevice.objects.get(user=checker).throttling_failure_count == 1
    # Straight after a wrong code even the right one waits (brute force is slowed).
    with pytest.raises(ValidationError, match="Too many wrong codes"):
        services.approve_batch(by=checker, batch=frozen, otp_code=step_up_code(checker))
    assert _unchanged(frozen)

    _wait_over(checker)
    approved = services.approve_batch(
        by=checker, batch=frozen, otp_code=step_up_code(checker)
    )
    assert (approved.status, approved.approved_by) == (B.APPROVED, checker)


def test_a_code_is_accepted_once(frozen, checker, chief, village, staff):
    code = step_up_code(checker)
    services.approve_batch(by=checker, batch=frozen, otp_code=code)
    scheme = monthly_scheme("80.00")
    entitled(scheme, village=village, by=staff)
    other = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    other = services.freeze_batch(by=chief, batch=other)

    with pytest.raises(ValidationError, match="already used"):
        services.approve_batch(by=checker, batch=other, otp_code=code)

    assert _unchanged(other)


def test_an_approver_without_an_authenticator_is_told_to_set_one_up(frozen, checker):
    with pytest.raises(ValidationError, match="Set up an authenticator app"):
        services.approve_batch(by=checker, batch=frozen, otp_code="123456")

    assert _unchanged(frozen)


def test_the_page_asks_for_the_code_and_explains_a_refusal(client, frozen, checker):
    client.force_login(checker)
    detail = reverse("incentives:batch-detail", args=[frozen.pk])
    approve = reverse("incentives:batch-action", args=[frozen.pk, "approve"])

    assert 'name="otp_code"' in client.get(detail).content.decode()
    refused = client.post(approve, {"otp_code": ""}, follow=True)
    assert "authenticator app shows now" in refused.content.decode()
    assert _unchanged(frozen)
    wrong = client.post(approve, {"otp_code": _wrong_code(checker)}, follow=True)
    assert "wrong or was already used" in wrong.content.decode()
    assert _unchanged(frozen)

    _wait_over(checker)
    client.post(approve, {"otp_code": step_up_code(checker)})
    assert PayoutBatch.objects.get(pk=frozen.pk).status == B.APPROVED


def test_the_api_refuses_a_missing_or_wrong_code_with_400(api_as, frozen, checker):
    client = api_as(checker)
    url = f"{BASE}/batches/{frozen.pk}/approve/"
    device = enrol_authenticator(checker)

    missing = client.post(url)
    wrong = client.post(url, {"otp_code": _wrong_code(checker)}, format="json")

    assert missing.status_code == 400
    assert "authenticator app shows now" in missing.json()["otp_code"][0]
    assert wrong.status_code == 400
    assert "wrong" in wrong.json()["otp_code"][0]
    assert _unchanged(frozen)
    _wait_over(checker)
    right = client.post(url, {"otp_code": totp_code(device)}, format="json")
    assert right.status_code == 200
    assert right.json()["status"] == B.APPROVED
