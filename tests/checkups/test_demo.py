"""The demo campaign history: realistic, signed by two users, and safe to run twice."""

import pytest

from bureau.roles import Role
from checkups.demo import build_checkups
from checkups.models import Campaign, Counselling, Invitation, RiskAssessment, Visit
from tests.bureau.factories import UserFactory
from tests.checkups import factories as f
from tests.households.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(village):
    for _ in range(2):
        UserFactory.create(role=Role.STAFF, townships=[village.township])
    UserFactory.create(role=Role.CHIEF)
    for n in range(30):
        f.woman(village=village, age=21 + n, on=f.START)
    for _ in range(6):
        household = HouseholdFactory.create(village=village)
        f.woman(household=household, age=28, relation_to_head="spouse")
        f.man(household=household, age=30, relation_to_head="head")


def test_the_demo_builds_a_year_of_campaigns_and_runs_twice(register):
    lines = build_checkups(seed=3)

    assert len(lines) == 4
    kinds = list(
        Campaign.objects.values_list("kind", "status").order_by("year", "quarter")
    )
    assert kinds.count(("reproductive_health", "closed")) == 2
    assert ("reproductive_health", "open") in kinds
    assert ("pre_pregnancy", "open") in kinds
    visits = Visit.objects.all()
    assert visits.exists()
    assert all(v.is_complete and v.examiner_id != v.verifier_id for v in visits)
    assert Invitation.objects.filter(status="declined").exists()
    assert RiskAssessment.objects.exists()
    assert (
        Counselling.objects.count()
        <= RiskAssessment.objects.filter(outcome="high_risk").count()
    )
    assert build_checkups(seed=3) == ["Check-ups: demo campaigns already present."]


def test_without_a_register_only_the_catalogue_is_loaded(db):
    assert "catalogue loaded" in build_checkups()[0]
