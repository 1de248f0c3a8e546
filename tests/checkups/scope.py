"""Register check-up rows for the scope probe (see tests/scope.py)."""

from checkups.models import (
    Counselling,
    Referral,
    RiskAssessment,
    ServiceItem,
    Site,
    VisitService,
)
from tests.checkups import factories as f
from tests.scope import scope_factory


@scope_factory("checkups.Campaign")
def campaign(*, village, user):
    return f.campaign(townships=[village.township], status="open")


@scope_factory("checkups.Site")
def site(*, village, user):
    made = f.campaign(townships=[village.township], status="open")
    return Site.objects.create(campaign=made, name="卫生院", township=village.township)


@scope_factory("checkups.Invitation")
def invitation(*, village, user):
    return f.invitation(village=village)


@scope_factory("checkups.Visit")
def visit(*, village, user):
    return f.visit(village=village, user=user)


@scope_factory("checkups.VisitService")
def visit_service(*, village, user):
    return VisitService.objects.create(
        visit=f.visit(village=village, user=user),
        item=ServiceItem.objects.get(code="rh-blood-pressure"),
        outcome="done",
    )


@scope_factory("checkups.Referral")
def referral(*, village, user):
    made = f.visit(village=village, user=user)
    return Referral.objects.create(
        visit=made,
        destination="区妇幼保健院",
        reason="复查",
        referred_on=made.visited_on,
    )


@scope_factory("checkups.Couple")
def couple(*, village, user):
    return f.couple(village=village, by=user)


@scope_factory("checkups.RiskAssessment")
def risk_assessment(*, village, user):
    made = f.couple(village=village, by=user)
    return RiskAssessment.objects.create(
        couple=made,
        person=made.woman,
        outcome="high_risk",
        factors=["rubella_susceptible"],
        assessed_on=f.START,
        assessed_by=user,
    )


@scope_factory("checkups.Counselling")
def counselling(*, village, user):
    made = f.couple(village=village, by=user)
    return Counselling.objects.create(
        couple=made,
        person=made.woman,
        counselled_on=f.START,
        counsellor=user,
        content="风疹疫苗接种建议",
        recorded_by=user,
    )
