import datetime

from django.utils import timezone

from bureau.indicators import Period, all_indicators
from households.models import Person
from incentives import services
from incentives.models import PayoutLine
from tests.households.factories import PersonFactory
from tests.incentives.factories import approve, entitled, monthly_scheme

# Read at each use: a run that passes midnight must not date its records yesterday.
today = timezone.localdate


def test_the_app_declares_its_indicators(db):
    codes = set(all_indicators())

    assert {
        "incentives.reviews_on_time",
        "incentives.payouts_completed",
        "incentives.failures_fixed",
        "incentives.improper_payments",
    } <= codes


def test_reviews_on_time_counts_approvals_within_their_limit(village, clerk, staff):
    scheme = monthly_scheme()
    person = PersonFactory.create(household__village=village)
    application = services.submit_application(
        by=clerk, scheme=scheme, person=person, year=2026
    )
    services.approve_application(by=staff, application=application)

    measures = all_indicators()["incentives.reviews_on_time"].compute(
        [village.township_id], Period.containing(today())
    )

    measure = measures[village.township_id]
    assert (measure.numerator, measure.denominator) == (1, 1)


def test_payouts_completed_and_a_payment_to_someone_dead_before_the_period(
    village, staff, chief, checker
):
    scheme = monthly_scheme("590.00")
    entitlements = [entitled(scheme, village=village, by=staff) for _ in range(2)]
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=batch)
    approve(batch, by=checker)
    services.export_bank_file(by=chief, batch=batch)
    first = batch.lines.order_by("pk").first()
    PayoutLine.objects.filter(pk=first.pk).update(
        status="paid", paid_amount=first.amount
    )
    # The register learns later that the other beneficiary died before March.
    Person.objects.filter(pk=entitlements[1].person_id).update(
        is_alive=False, died_on=datetime.date(2026, 2, 1)
    )
    period = Period.containing(today())
    found = all_indicators()

    paid = found["incentives.payouts_completed"].compute([village.township_id], period)
    improper = found["incentives.improper_payments"].compute(
        [village.township_id], period
    )

    assert (
        paid[village.township_id].numerator,
        paid[village.township_id].denominator,
    ) == (1, 2)
    assert improper[village.township_id].numerator == 1
    by_village = found["incentives.improper_payments"].by_village(
        village.township_id, period
    )
    assert by_village[village.pk].numerator == 1
