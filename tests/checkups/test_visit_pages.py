"""Visit pages: a visit recorded and signed by two users, its findings and referral, and
who sees the health details."""

import pytest
from django.urls import reverse

from bureau.roles import Role
from checkups.models import Visit
from tests.bureau.factories import UserFactory
from tests.checkups.pages import client_as, open_campaign, record, signed_visit, woman

pytestmark = pytest.mark.django_db


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


def test_staff_of_the_township_see_the_findings(staff, colleague, village):
    visit = signed_visit(staff, colleague, village)

    page = client_as(staff).get(reverse("checkups:visit-detail", args=[visit.pk]))

    text = page.content.decode()
    assert "Breast abnormality" in text
    assert "叶酸片 3瓶" in text


@pytest.mark.parametrize("role", [Role.CHIEF, Role.AUDITOR])
def test_chiefs_and_auditors_see_the_record_masked_without_findings(
    staff, colleague, village, role
):
    visit = signed_visit(staff, colleague, village)
    reader = UserFactory.create(role=role)

    page = client_as(reader).get(reverse("checkups:visit-detail", args=[visit.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert b'data-testid="health-hidden"' in page.content
    assert "Breast abnormality" not in text
    assert "叶酸片" not in text
    assert visit.person.masked_id_number in text
    assert page.context["services"] == ()


def test_another_townships_visit_answers_404(colleague, village, other_village):
    visit = signed_visit(
        colleague,
        UserFactory.create(role=Role.STAFF, townships=[village.township]),
        village,
    )
    outsider = UserFactory.create(role=Role.STAFF, townships=[other_village.township])

    answer = client_as(outsider).get(reverse("checkups:visit-detail", args=[visit.pk]))

    assert answer.status_code == 404


def test_a_referral_outcome_is_recorded_from_the_visit_page(staff, colleague, village):
    visit = signed_visit(
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
