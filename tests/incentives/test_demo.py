import datetime

from incentives.demo import build_benefits
from incentives.models import Application, PayoutBatch, Scheme
from tests.households.factories import PersonFactory


def test_demo_benefits_walk_the_chain_and_pay_two_months_and_run_twice(village):
    for n in range(8):
        PersonFactory.create(
            household__village=village, birth_date=datetime.date(1950, 1, 1 + n)
        )

    lines = build_benefits()

    assert "two paid months" in lines[0]
    assert Scheme.objects.count() == 6
    batches = PayoutBatch.objects.filter(scheme__code="rural-reward")
    assert [b.status for b in batches] == ["closed", "closed"]
    assert all(b.line_count == 4 for b in batches)
    assert batches[0].made_by != batches[0].approved_by
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"confirmed", "in_notice", "submitted"} <= statuses
    assert build_benefits() == ["Benefits: demo data already present."]


def test_without_a_register_only_the_catalogue_is_loaded(db):
    assert "catalogue loaded" in build_benefits()[0]
    assert Scheme.objects.filter(code="childcare").exists()
