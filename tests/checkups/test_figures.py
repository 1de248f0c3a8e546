"""Coverage, high-risk, counselling and referral rates on a small district, by hand.

Township T has villages A and B, township U village C.
Reproductive-health campaign (T and U):
  A: attended, attended, declined, moved away, invited with one signature only
     -> counted 3 (declined and moved away left out), attended 2
  B: attended, unreachable                      -> counted 2, attended 1
  C: invited                                    -> counted 1, attended 0
  T = 3 / 5 = 60 %, district = 3 / 6 = 50 %.
Pre-pregnancy campaign (T), three couples in A:
  couple 1: both partners examined; woman high risk (counselled), man general
  couple 2: woman examined, high risk, not counselled
  couple 3: not examined
  high-risk rate 2 / 3 examined, counselling 1 / 2;
  referrals treated, declined, pending -> completed 2 / 3.
"""

import datetime

import pytest

from bureau.indicators import Period, all_indicators
from bureau.roles import Role
from checkups import selectors, services
from checkups.models import Invitation, Visit
from households.models.consent import Purpose
from tests.bureau.factories import UserFactory, VillageFactory
from tests.checkups import factories as f

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 4, 10)
APRIL = Period.month(2026, 4)
S = Invitation.Status


def _attend(invitation, person, staff, verifier, **kwargs):
    visit = services.record_visit(
        by=staff,
        invitation=invitation,
        person=person,
        visited_on=DAY,
        identity_method=Visit.IdentityMethod.CARD_READER,
        **kwargs,
    )
    return services.sign_as_verifier(by=verifier, visit=visit)


def _woman_invited(village, campaign, staff, status=S.INVITED):
    person = f.woman(village=village)
    f.consent(person, Purpose.HEALTH_DATA, by=staff)
    return f.invitation(
        village=village, person=person, campaign_=campaign, status=status
    )


@pytest.fixture
def district(village, other_village, staff, verifier):
    a, c = village, other_village
    b = VillageFactory.create(township=a.township)
    staff.townships.add(c.township)
    verifier.townships.add(c.township)
    rh = f.campaign(townships=[a.township, c.township], status="open")
    for _ in range(2):
        inv = _woman_invited(a, rh, staff)
        _attend(inv, inv.person, staff, verifier)
    _woman_invited(a, rh, staff, status=S.DECLINED)
    _woman_invited(a, rh, staff, status=S.MOVED_AWAY)
    half = _woman_invited(a, rh, staff)
    services.record_visit(
        by=staff, invitation=half, visited_on=DAY, identity_method="card_seen"
    )
    inv = _woman_invited(b, rh, staff)
    _attend(inv, inv.person, staff, verifier)
    _woman_invited(b, rh, staff, status=S.UNREACHABLE)
    _woman_invited(c, rh, staff)

    pp = f.campaign(
        townships=[a.township], kind="pre_pregnancy", status="planned", by=None
    )
    couples = [f.couple(village=a, by=staff) for _ in range(3)]
    services.open_campaign(by=staff, campaign=pp)
    invitations = {i.couple_id: i for i in Invitation.objects.filter(campaign=pp)}
    one, two, _three = couples
    ref = {"destination": "区妇幼保健院", "reason": "复查"}
    w1 = _attend(invitations[one.pk], one.woman, staff, verifier, referral=ref)
    m1 = _attend(invitations[one.pk], one.man, staff, verifier, referral=ref)
    w2 = _attend(invitations[two.pk], two.woman, staff, verifier, referral=ref)
    assessed = datetime.date(2026, 4, 15)
    for couple, person, outcome in (
        (one, one.woman, "high_risk"),
        (one, one.man, "general"),
        (two, two.woman, "high_risk"),
    ):
        services.assess_risk(
            by=staff,
            couple=couple,
            person=person,
            outcome=outcome,
            factors=["rubella_susceptible"] if outcome == "high_risk" else [],
            assessed_on=assessed,
        )
    services.record_counselling(
        by=staff,
        couple=one,
        person=one.woman,
        content="风疹疫苗接种后避孕三个月的建议",
        counselled_on=datetime.date(2026, 4, 20),
    )
    services.record_referral_outcome(
        by=staff, referral=w1.referrals.get(), outcome="treated"
    )
    services.record_referral_outcome(
        by=staff, referral=m1.referrals.get(), outcome="declined"
    )
    del w2
    return {"a": a, "b": b, "c": c, "rh": rh, "pp": pp, "couples": couples}


def test_coverage_per_village_township_and_district(district, chief):
    rh = district["rh"]
    villages = {row.key: row for row in selectors.coverage_by_village(chief, rh)}
    townships = {row.key: row for row in selectors.coverage_by_township(chief, rh)}
    total = selectors.coverage_total(chief, rh)

    a, b, c = (
        villages[district["a"].pk],
        villages[district["b"].pk],
        villages[district["c"].pk],
    )
    assert (a.attended, a.invited, a.declined, a.moved_away) == (2, 3, 1, 1)
    assert str(a.percent) == "66.7"
    assert (b.attended, b.invited) == (1, 2)
    assert (c.attended, c.invited) == (0, 1)
    t = townships[district["a"].township_id]
    assert (t.attended, t.invited, str(t.percent)) == (3, 5, "60.0")
    assert (total.attended, total.invited, str(total.percent)) == (3, 6, "50.0")


def test_high_risk_counselling_and_referral_rates(district, chief):
    pp = district["pp"]

    high = selectors.high_risk_rate(chief, pp)
    counselled = selectors.counselling_rate(chief, pp)
    referrals = selectors.referral_completion(chief, pp)

    assert (high.numerator, high.denominator) == (2, 3)
    assert (counselled.numerator, counselled.denominator) == (1, 2)
    assert (referrals.numerator, referrals.denominator) == (2, 3)


def test_the_follow_up_list_holds_the_high_risk_person_not_yet_counselled(
    district, staff
):
    two = district["couples"][1]

    assert [a.person_id for a in selectors.follow_up_list(staff)] == [two.woman_id]


def test_indicators_per_township_and_month(district):
    indicators = all_indicators()
    t = district["a"].township_id
    u = district["c"].township_id

    coverage = indicators["checkups.coverage"].compute([t, u], APRIL)
    # T: reproductive health 3 of 5, pre-pregnancy couples 2 of 3.
    assert (coverage[t].numerator, coverage[t].denominator) == (5, 8)
    assert (coverage[u].numerator, coverage[u].denominator) == (0, 1)
    by_village = indicators["checkups.coverage"].by_village(t, APRIL)
    assert sum(m.numerator for m in by_village.values()) == 5
    assert sum(m.denominator for m in by_village.values()) == 8
    counselling = indicators["checkups.counselling_rate"].compute([t], APRIL)
    assert (counselling[t].numerator, counselling[t].denominator) == (1, 2)
    referrals = indicators["checkups.referral_completion"].compute([t], APRIL)
    assert (referrals[t].numerator, referrals[t].denominator) == (2, 3)
    assert len(indicators["checkups.coverage"].records(t, APRIL, None)) == 5
    # Nothing counted before the campaigns ran.
    assert indicators["checkups.coverage"].compute([t], Period.month(2026, 3)) == {}


def test_township_staff_see_only_their_townships_figures(district):
    outsider = UserFactory.create(role=Role.STAFF, townships=[district["c"].township])

    rows = selectors.coverage_by_township(outsider, district["rh"])

    assert [row.key for row in rows] == [district["c"].township_id]
