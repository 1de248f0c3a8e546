"""Concurrent approvals and builds on a live PostgreSQL: exactly one wins."""

import pytest

from incentives import services
from incentives.models import PayoutBatch
from tests.incentives.factories import entitled, monthly_scheme, step_up_code
from tests.threads import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_concurrent_approvals_make_exactly_one_transition(
    village, staff, chief, checker
):
    scheme = monthly_scheme("590.00")
    for _ in range(3):
        entitled(scheme, village=village, by=staff)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=batch)
    version = PayoutBatch.objects.get(pk=batch.pk).version
    code = step_up_code(checker)

    outcomes = run_at_once(
        50, lambda: services.approve_batch(by=checker, batch=batch, otp_code=code)
    )

    kinds = [kind for kind, _ in outcomes]
    assert kinds.count("ok") == 1
    assert kinds.count("StateError") == 49
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.APPROVED
    assert batch.version == version + 1


def test_two_builders_of_one_period_make_one_batch(village, staff, chief):
    scheme = monthly_scheme("590.00")
    for _ in range(5):
        entitled(scheme, village=village, by=staff)

    outcomes = run_at_once(
        2, lambda: services.create_batch(by=chief, scheme=scheme, period="2026-03")
    )

    assert sorted(kind for kind, _ in outcomes) == ["ValidationError", "ok"]
    assert PayoutBatch.objects.filter(scheme=scheme).count() == 1
    assert PayoutBatch.objects.get(scheme=scheme).lines.count() == 5
