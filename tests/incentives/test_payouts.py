import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from incentives import services
from incentives.models import PayoutBatch, PayoutLine
from tests.households.factories import PersonFactory
from tests.incentives.factories import approve, entitled, monthly_scheme


@pytest.fixture
def scheme(db):
    return monthly_scheme("590.00")


@pytest.fixture
def three(scheme, village, staff):
    return [entitled(scheme, village=village, by=staff) for _ in range(3)]


def test_a_batch_computes_a_line_per_entitlement(scheme, three, chief):
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")

    assert batch.line_count == 3
    assert batch.total_amount == Decimal("1770.00")
    assert set(batch.lines.values_list("person_id", flat=True)) == {
        e.person_id for e in three
    }


def test_rebuilding_a_draft_is_a_no_op_unless_someone_new_is_owed(
    scheme, three, chief, village, staff
):
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")

    assert services.rebuild_batch(by=chief, batch=batch) == 0
    entitled(scheme, village=village, by=staff)
    assert services.rebuild_batch(by=chief, batch=batch) == 1
    assert services.rebuild_batch(by=chief, batch=batch) == 0


def test_one_main_batch_per_scheme_and_period(scheme, three, chief):
    services.create_batch(by=chief, scheme=scheme, period="2026-03")

    with pytest.raises(ValidationError, match="already exists"):
        services.create_batch(by=chief, scheme=scheme, period="2026-03")


def test_the_database_refuses_the_same_person_in_two_batches_for_one_period(
    scheme, three, chief
):
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    follow_up = PayoutBatch.objects.create(
        scheme=scheme, period="2026-03", follow_up_of=batch, made_by=chief
    )
    line = batch.lines.first()
    line.pk = None
    line.batch = follow_up

    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()


def test_a_cancelled_line_frees_its_period(scheme, three, chief):
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.cancel_batch(by=chief, batch=batch, reason="金额表错误")

    again = services.create_batch(by=chief, scheme=scheme, period="2026-03")

    assert again.line_count == 3


def test_a_person_who_died_before_the_period_is_left_out(scheme, chief, village, staff):
    alive = entitled(scheme, village=village, by=staff)
    late = entitled(scheme, village=village, by=staff)
    PersonFactory._meta.model.objects.filter(pk=late.person_id).update(
        is_alive=False, died_on=datetime.date(2026, 2, 20)
    )
    in_month = entitled(scheme, village=village, by=staff)
    PersonFactory._meta.model.objects.filter(pk=in_month.person_id).update(
        is_alive=False, died_on=datetime.date(2026, 3, 5)
    )

    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")

    assert set(batch.lines.values_list("person_id", flat=True)) == {
        alive.person_id,
        in_month.person_id,
    }


def test_maker_and_checker_differ(scheme, three, chief, checker):
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=batch)

    with pytest.raises(PermissionDenied, match="maker"):
        services.approve_batch(by=chief, batch=batch)
    approved = approve(batch, by=checker)

    assert approved.status == PayoutBatch.Status.APPROVED
    assert approved.approved_by == checker


def test_a_line_changed_after_freezing_stops_the_approval(
    scheme, three, chief, checker
):
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=batch)
    PayoutLine.objects.filter(batch=batch).update(amount=Decimal("9999"))

    with pytest.raises(ValidationError, match="changed after freezing"):
        approve(batch, by=checker)


def test_freezing_needs_an_account_for_every_payee(scheme, chief, village, staff):
    entitled(scheme, village=village, by=staff, with_account=False)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")

    with pytest.raises(ValidationError, match="no active account"):
        services.freeze_batch(by=chief, batch=batch)


def test_township_staff_cannot_make_or_approve_batches(scheme, three, staff):
    with pytest.raises(PermissionDenied):
        services.create_batch(by=staff, scheme=scheme, period="2026-03")


def test_a_period_must_fit_the_scheme(scheme, chief):
    with pytest.raises(ValidationError):
        services.create_batch(by=chief, scheme=scheme, period="2026")
    with pytest.raises(ValidationError):
        services.create_batch(by=chief, scheme=scheme, period="2026-13")


def test_an_account_recorded_after_the_draft_is_taken_up_by_a_rebuild(
    scheme, chief, village, staff
):
    entitlement = entitled(scheme, village=village, by=staff, with_account=False)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.record_bank_account(
        by=staff,
        person=entitlement.person,
        scheme=scheme,
        number="6222020200112345678",
        bank_name="工商银行",
        holder_name=entitlement.person.name,
    )

    assert services.rebuild_batch(by=chief, batch=batch) == 0
    frozen = services.freeze_batch(by=chief, batch=batch)

    assert frozen.status == PayoutBatch.Status.FROZEN
    assert batch.lines.get().account_last4 == "5678"
