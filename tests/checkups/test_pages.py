"""Check-up pages: a campaign opened, its invitations per village, a visit recorded and
signed by two users, coverage on the campaign page, and who sees health details."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.roles import Role
from checkups import services
from checkups.models import Campaign, Invitation, ServiceItem, Visit
from households.models import Consent
from households.services.consent import record_consent
from tests.bureau.factories import UserFactory
from tests.checkups.factories import consent, consent_all
from tests.conftest import ENGLISH, BureauClient
from tests.households.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def woman(village, *, age=30, name="王秀兰", household=None, consent=True):
    """A woman of the target age; with `consent`, to the check and her health data."""
    person = PersonFactory.create(
        household=household or HouseholdFactory.create(village=village),
        name=name,
        sex="F",
        birth_date=TODAY.replace(year=TODAY.year - age, day=1),
    )
    if consent:
        consent_all(person)
    return person


def client_as(user):
    client = BureauClient(headers=ENGLISH)
    client.force_login(user)
    return client


def open_campaign(village, *, by=None, kind=Campaign.Kind.REPRODUCTIVE_HEALTH):
    """A campaign of the village's township, opened by a chief (all townships)."""
    chief = by or UserFactory.create(role=Role.CHIEF)
    campaign = services.create_campaign(
        by=chief,
        kind=kind,
        year=TODAY.year,
        quarter=2,
        starts_on=TODAY - datetime.timedelta(days=10),
        ends_on=TODAY + datetime.timedelta(days=60),
        townships=[village.township],
    )
    services.open_campaign(by=chief, campaign=campaign)
    campaign.refresh_from_db()
    return campaign


def visit_post(invitation, *, findings="normal", **extra):
    items = ServiceItem.objects.filter(
        campaign_kind=invitation.campaign.kind, is_active=True, for_women=True
    )
    data = {
        "visited_on": TODAY.isoformat(),
        "identity_method": Visit.IdentityMethod.CARD_READER,
        "findings": findings,
        **{f"item_{item.pk}": "done" for item in items},
    }
    data.update(extra)
    return data


def record(client, invitation, **extra):
    return client.post(
        reverse("checkups:visit-record", args=[invitation.pk]),
        visit_post(invitation, **extra),
    )


@pytest.fixture
def colleague(village):
    """A second township staff member of the same township: the verifier."""
    return UserFactory.create(role=Role.STAFF, townships=[village.township])


def test_opening_a_campaign_from_its_page_invites_the_women_of_the_township(
    staff, village
):
    invited = woman(village)
    woman(village, age=55, name="太老")
    chief = UserFactory.create(role=Role.CHIEF)
    campaign = services.create_campaign(
        by=chief,
        kind=Campaign.Kind.REPRODUCTIVE_HEALTH,
        year=TODAY.year,
        quarter=1,
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=30),
        townships=[village.township],
    )
    client = client_as(staff)

    page = client.get(reverse("checkups:campaign-detail", args=[campaign.pk]))
    assert page.status_code == 200
    assert b'data-testid="campaign-open"' in page.content
    answer = client.post(
        reverse("checkups:campaign-action", args=[campaign.pk, "open"]), follow=True
    )

    assert "1 invitations added" in answer.content.decode()
    assert list(campaign.invitations.values_list("person", flat=True)) == [invited.pk]
    listing = client.get(
        reverse("checkups:invitation-list", args=[campaign.pk]),
        {"village": village.code},
    )
    assert invited.name in listing.content.decode()
    assert invited.masked_id_number in listing.content.decode()


def test_another_townships_village_is_not_listed(staff, village, other_village):
    campaign = open_campaign(village)

    answer = client_as(staff).get(
        reverse("checkups:invitation-list", args=[campaign.pk]),
        {"village": other_village.code},
    )

    assert answer.status_code == 404


def test_a_visit_counts_only_once_a_second_user_signs_it(staff, colleague, village):
    invited = woman(village)
    campaign = open_campaign(village)
    invitation = campaign.invitations.get(person=invited)
    examiner = client_as(staff)

    answer = record(examiner, invitation)
    visit = Visit.objects.get(invitation=invitation)
    assert answer.status_code == 302
    assert visit.examiner == staff
    assert visit.verifier is None
    page = examiner.get(reverse("checkups:visit-detail", args=[visit.pk]))
    assert "Incomplete" in page.content.decode()
    assert b'data-testid="verify-form"' not in page.content  # not by the examiner
    examiner.post(
        reverse("checkups:visit-verify", args=[visit.pk]),
        {"confirm": "on", "version": visit.version},
    )
    visit.refresh_from_db()
    assert visit.verifier is None

    verifier = client_as(colleague)
    shown = verifier.get(reverse("checkups:visit-detail", args=[visit.pk]))
    assert b'data-testid="verify-form"' in shown.content
    verifier.post(
        reverse("checkups:visit-verify", args=[visit.pk]),
        {"confirm": "on", "version": visit.version},
    )

    visit.refresh_from_db()
    assert visit.verifier == colleague
    assert visit.is_complete
    campaign_page = verifier.get(
        reverse("checkups:campaign-detail", args=[campaign.pk])
    )
    assert campaign_page.context["total"].attended == 1
    assert campaign_page.context["total"].percent == 100


def test_an_abnormal_finding_needs_its_category_and_nothing_is_saved(staff, village):
    invited = woman(village)
    invitation = open_campaign(village).invitations.get(person=invited)

    answer = record(client_as(staff), invitation, findings="abnormal")

    assert answer.status_code == 200
    assert "Name the category of the abnormal finding." in answer.content.decode()
    assert not Visit.objects.exists()


def _signed_visit(staff, colleague, village, **extra):
    invited = woman(village)
    invitation = open_campaign(village).invitations.get(person=invited)
    record(
        client_as(staff),
        invitation,
        findings="abnormal",
        finding_category=Visit.FindingCategory.BREAST,
        free_medicine="叶酸片 3瓶",
        **extra,
    )
    visit = Visit.objects.get(invitation=invitation)
    services.sign_as_verifier(by=colleague, visit=visit)
    return visit


def test_staff_of_the_township_see_the_findings(staff, colleague, village):
    visit = _signed_visit(staff, colleague, village)

    page = client_as(staff).get(reverse("checkups:visit-detail", args=[visit.pk]))

    text = page.content.decode()
    assert "Breast abnormality" in text
    assert "叶酸片 3瓶" in text


@pytest.mark.parametrize("role", [Role.CHIEF, Role.AUDITOR])
def test_chiefs_and_auditors_see_the_record_masked_without_findings(
    staff, colleague, village, role
):
    visit = _signed_visit(staff, colleague, village)
    reader = UserFactory.create(role=role)

    page = client_as(reader).get(reverse("checkups:visit-detail", args=[visit.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert b'data-testid="health-hidden"' in page.content
    assert "Breast abnormality" not in text
    assert "叶酸片" not in text
    assert visit.person.masked_id_number in text
    assert page.context["services"] == ()


@pytest.mark.parametrize("role", [Role.CHIEF, Role.AUDITOR])
def test_chiefs_and_auditors_see_the_coverage_figures(staff, colleague, village, role):
    visit = _signed_visit(staff, colleague, village)
    reader = UserFactory.create(role=role)

    page = client_as(reader).get(
        reverse("checkups:campaign-detail", args=[visit.invitation.campaign_id])
    )

    assert page.status_code == 200
    assert page.context["total"].attended == 1
    assert b'data-testid="chart"' in page.content


def test_another_townships_visit_answers_404(colleague, village, other_village):
    visit = _signed_visit(
        colleague,
        UserFactory.create(role=Role.STAFF, townships=[village.township]),
        village,
    )
    outsider = UserFactory.create(role=Role.STAFF, townships=[other_village.township])

    answer = client_as(outsider).get(reverse("checkups:visit-detail", args=[visit.pk]))

    assert answer.status_code == 404


def test_a_referral_outcome_is_recorded_from_the_visit_page(staff, colleague, village):
    visit = _signed_visit(
        staff,
        colleague,
        village,
        referral_destination="区妇幼保健院",
        referral_reason="乳腺结节复查",
    )
    referral = visit.referrals.get()

    client_as(staff).post(
        reverse("checkups:referral-outcome", args=[referral.pk]),
        {"outcome": "seen", "version": referral.version},
    )

    referral.refresh_from_db()
    assert referral.outcome == "seen"


def test_declining_is_recorded_and_leaves_the_coverage_denominator(staff, village):
    first, second = woman(village, name="甲"), woman(village, name="乙")
    campaign = open_campaign(village)
    declined = campaign.invitations.get(person=second)

    client_as(staff).post(
        reverse("checkups:invitation-status", args=[declined.pk]),
        {"status": "declined", "version": declined.version},
    )

    declined.refresh_from_db()
    assert declined.status == Invitation.Status.DECLINED
    page = client_as(staff).get(reverse("checkups:campaign-detail", args=[campaign.pk]))
    assert page.context["total"].invited == 1
    assert page.context["total"].declined == 1
    assert campaign.invitations.get(person=first).status == Invitation.Status.INVITED


def test_the_invitation_list_is_paged_in_few_queries(
    staff, village, django_assert_max_num_queries
):
    household = HouseholdFactory.create(village=village)
    for n in range(8):
        woman(village, name=f"女{n}", household=household)
    campaign = open_campaign(village)
    client = client_as(staff)
    url = reverse("checkups:invitation-list", args=[campaign.pk])

    with django_assert_max_num_queries(20):
        answer = client.get(url, {"village": village.code})

    assert answer.content.decode().count('data-testid="invitation-status"') == 8


def test_the_coverage_table_exports_per_village(village, staff):
    woman(village)
    campaign = open_campaign(village)
    auditor = UserFactory.create(role=Role.AUDITOR)

    answer = client_as(auditor).get(
        reverse("checkups:coverage-export", args=[campaign.pk]),
        {"level": "village", "format": "csv"},
    )

    assert answer.status_code == 200
    assert answer["X-Export-Rows"] == "2"  # the village and the total
    body = b"".join(answer.streaming_content).decode("utf-8-sig")
    assert village.name in body


def test_staff_may_not_export_without_the_export_permission(village, staff):
    campaign = open_campaign(village)

    answer = client_as(staff).get(
        reverse("checkups:coverage-export", args=[campaign.pk]), {"format": "csv"}
    )

    assert answer.status_code == 403


def _consent(by, person):
    """Consent to the check through the register's service, and to health data."""
    record_consent(
        by=by,
        person=person,
        purpose=Consent.Purpose.PREPREGNANCY_CHECKUP,
        text_version="2026-01",
        method=Consent.Method.IN_PERSON,
    )
    consent(person, Consent.Purpose.HEALTH_DATA)


def _partners(village):
    household = HouseholdFactory.create(village=village)
    her = woman(village, household=household, name="李娜", consent=False)
    him = PersonFactory.create(
        household=household,
        name="张伟",
        sex="M",
        birth_date=TODAY.replace(year=TODAY.year - 31, day=1),
    )
    return her, him


def test_a_couple_is_registered_with_both_consents(staff, village):
    her, him = _partners(village)
    _consent(staff, her)
    _consent(staff, him)

    answer = client_as(staff).post(
        reverse("checkups:couple-create"),
        {
            "woman_id_number": her.id_number,
            "man_id_number": him.id_number,
            "registered_on": TODAY.isoformat(),
        },
    )

    assert answer.status_code == 302
    page = client_as(staff).get(answer["Location"])
    assert "李娜" in page.content.decode()
    assert "张伟" in page.content.decode()


def test_a_couple_without_consent_is_refused_with_a_message(staff, village):
    her, him = _partners(village)
    _consent(staff, her)

    answer = client_as(staff).post(
        reverse("checkups:couple-create"),
        {
            "woman_id_number": her.id_number,
            "man_id_number": him.id_number,
            "registered_on": TODAY.isoformat(),
        },
    )

    assert answer.status_code == 200
    assert answer.context["form"].errors
    assert not her.checkup_couples_as_woman.exists()


def _couple(staff, village):
    her, him = _partners(village)
    _consent(staff, her)
    _consent(staff, him)
    return services.register_couple(by=staff, woman=her, man=him, registered_on=TODAY)


def test_a_high_risk_person_stays_on_the_follow_up_list_until_counselled(
    staff, village
):
    couple = _couple(staff, village)
    client = client_as(staff)
    client.post(
        reverse("checkups:couple-assess", args=[couple.pk]),
        {
            "person": couple.woman_id,
            "outcome": "high_risk",
            "factors": ["rubella_susceptible"],
            "assessed_on": TODAY.isoformat(),
        },
    )
    listed = client.get(reverse("checkups:follow-up-list"))
    assert "李娜" in listed.content.decode()

    client.post(
        reverse("checkups:couple-counsel", args=[couple.pk]),
        {
            "person": couple.woman_id,
            "counselled_on": TODAY.isoformat(),
            "content": "建议接种风疹疫苗后再计划怀孕",
        },
    )

    after = client.get(reverse("checkups:follow-up-list"))
    assert "李娜" not in after.content.decode()


def test_a_high_risk_assessment_without_factors_is_refused(staff, village):
    couple = _couple(staff, village)

    answer = client_as(staff).post(
        reverse("checkups:couple-assess", args=[couple.pk]),
        {
            "person": couple.woman_id,
            "outcome": "high_risk",
            "assessed_on": TODAY.isoformat(),
        },
    )

    assert answer.status_code == 400
    assert "Tick the risk factors" in answer.content.decode()
    assert not couple.assessments.exists()


def test_the_chief_sees_how_many_wait_for_counselling_but_not_who(staff, village):
    couple = _couple(staff, village)
    services.assess_risk(
        by=staff,
        couple=couple,
        person=couple.woman,
        outcome="high_risk",
        factors=["genetic"],
        risk_class="",
        notes="",
        assessed_on=TODAY,
    )
    chief = UserFactory.create(role=Role.CHIEF)

    listed = client_as(chief).get(reverse("checkups:follow-up-list"))
    couple_page = client_as(chief).get(
        reverse("checkups:couple-detail", args=[couple.pk])
    )

    assert "1 person waits for counselling." in listed.content.decode()
    assert "李娜" not in listed.content.decode()
    assert b'data-testid="health-hidden"' in couple_page.content
    assert "Genetic" not in couple_page.content.decode()
