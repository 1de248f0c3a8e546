"""Check-ups through /api/v1/checkups/…: scoped, the same services, health details only
for the township's staff, documented in the OpenAPI schema."""

import datetime

import pytest

from bureau.roles import Role
from checkups import services
from checkups.models import Campaign, ServiceItem, Visit
from tests.bureau.factories import UserFactory
from tests.checkups.pages import open_campaign, today, woman

pytestmark = pytest.mark.django_db
BASE = "/api/v1/checkups"


def _visit_body(invitation, **extra):
    items = ServiceItem.objects.filter(
        campaign_kind=invitation.campaign.kind, is_active=True, for_women=True
    )
    return {
        "invitation": invitation.pk,
        "visited_on": today().isoformat(),
        "identity_method": Visit.IdentityMethod.CARD_SEEN,
        "services": [{"item": item.pk, "outcome": "done"} for item in items],
        "findings": "abnormal",
        "finding_category": Visit.FindingCategory.BLOOD_PRESSURE,
        "free_medicine": "叶酸片",
        **extra,
    }


def test_campaigns_are_listed_only_for_participating_townships(
    api, village, other_village
):
    ours = open_campaign(village)
    open_campaign(other_village, kind=Campaign.Kind.PRE_PREGNANCY)

    answer = api.get(f"{BASE}/campaigns/")

    assert answer.status_code == 200
    assert [row["id"] for row in answer.json()["results"]] == [ours.pk]


def test_another_townships_campaign_answers_404(api, other_village):
    theirs = open_campaign(other_village)

    assert api.get(f"{BASE}/campaigns/{theirs.pk}/").status_code == 404
    assert api.post(f"{BASE}/campaigns/{theirs.pk}/open/").status_code == 404


def test_opening_again_adds_only_who_joined_since(api, village):
    woman(village, name="先到")
    campaign = open_campaign(village)
    woman(village, name="后来")

    answer = api.post(f"{BASE}/campaigns/{campaign.pk}/open/")

    assert answer.status_code == 200
    assert answer["X-Invitations-Added"] == "1"
    assert (
        api.post(f"{BASE}/campaigns/{campaign.pk}/open/")["X-Invitations-Added"] == "0"
    )
    assert campaign.invitations.count() == 2


def test_a_visit_recorded_through_the_api_needs_a_second_signature(
    api, api_as, staff, village
):
    person = woman(village)
    campaign = open_campaign(village)
    invitation = campaign.invitations.get(person=person)

    created = api.post(f"{BASE}/visits/", _visit_body(invitation), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["is_complete"] is False
    assert api.post(f"{BASE}/visits/{body['id']}/verify/", {}).status_code == 400

    colleague = UserFactory.create(role=Role.STAFF, townships=[village.township])
    signed = api_as(colleague).post(f"{BASE}/visits/{body['id']}/verify/", {})

    assert signed.status_code == 200
    assert signed.json()["is_complete"] is True
    coverage = api.get(f"{BASE}/campaigns/{campaign.pk}/coverage/").json()
    assert coverage["total"]["attended"] == 1


def test_an_item_outside_the_catalogue_is_a_clear_400(api, village):
    person = woman(village)
    invitation = open_campaign(village).invitations.get(person=person)
    body = _visit_body(invitation, services=[{"item": 999_999, "outcome": "done"}])

    answer = api.post(f"{BASE}/visits/", body, format="json")

    assert answer.status_code == 400
    assert "999999" in str(answer.json())
    assert not Visit.objects.exists()


def _signed(staff, village):
    person = woman(village)
    invitation = open_campaign(village).invitations.get(person=person)
    items = ServiceItem.objects.filter(
        campaign_kind=invitation.campaign.kind, is_active=True, for_women=True
    )
    visit = services.record_visit(
        by=staff,
        invitation=invitation,
        person=person,
        visited_on=today(),
        site=None,
        identity_method=Visit.IdentityMethod.CARD_READER,
        services=dict.fromkeys(items, "done"),
        findings="abnormal",
        finding_category=Visit.FindingCategory.BREAST,
        finding_notes="",
        free_medicine="叶酸片",
        referral={
            "destination": "区妇幼保健院",
            "reason": "复查",
            "follow_up_on": today() + datetime.timedelta(days=14),
        },
    )
    colleague = UserFactory.create(role=Role.STAFF, townships=[village.township])
    return services.sign_as_verifier(by=colleague, visit=visit)


def test_staff_read_the_findings(api, staff, village):
    visit = _signed(staff, village)

    body = api.get(f"{BASE}/visits/{visit.pk}/").json()

    assert body["finding_category"] == "breast"
    assert body["free_medicine"] == "叶酸片"
    assert body["referrals"][0]["destination"] == "区妇幼保健院"


@pytest.mark.parametrize("role", [Role.CHIEF, Role.AUDITOR])
def test_chiefs_and_auditors_read_visits_without_health_details(
    api_as, staff, village, role
):
    visit = _signed(staff, village)
    reader = api_as(UserFactory.create(role=role))

    body = reader.get(f"{BASE}/visits/{visit.pk}/").json()
    referrals = reader.get(f"{BASE}/referrals/")

    assert body["is_complete"] is True
    for hidden in ("findings", "finding_category", "free_medicine", "services"):
        assert hidden not in body
    assert referrals.json()["results"] == []


def test_another_townships_visit_answers_404(api_as, staff, village, other_village):
    visit = _signed(staff, village)
    outsider = UserFactory.create(role=Role.STAFF, townships=[other_village.township])

    assert api_as(outsider).get(f"{BASE}/visits/{visit.pk}/").status_code == 404


def test_declined_through_the_api_is_recorded_without_consequence(api, village):
    person = woman(village)
    campaign = open_campaign(village)
    invitation = campaign.invitations.get(person=person)

    answer = api.post(
        f"{BASE}/invitations/{invitation.pk}/status/",
        {"status": "declined", "version": invitation.version},
    )

    assert answer.status_code == 200
    assert answer.json()["status"] == "declined"
    coverage = api.get(f"{BASE}/campaigns/{campaign.pk}/coverage/").json()
    assert coverage["total"]["invited"] == 0
    assert coverage["total"]["percent"] is None


def test_an_auditor_may_not_change_anything(api_as, village):
    person = woman(village)
    invitation = open_campaign(village).invitations.get(person=person)
    auditor = api_as(UserFactory.create(role=Role.AUDITOR))

    answer = auditor.post(
        f"{BASE}/invitations/{invitation.pk}/status/", {"status": "declined"}
    )

    assert answer.status_code in (400, 403)
    invitation.refresh_from_db()
    assert invitation.status == "invited"


def test_the_follow_up_list_is_refused_to_the_chief(api_as):
    chief = api_as(UserFactory.create(role=Role.CHIEF))

    assert chief.get(f"{BASE}/couples/follow-up/").status_code == 403


def test_the_schema_documents_the_checkup_endpoints(api):
    answer = api.get("/api/schema/", {"format": "json"})

    paths = answer.json()["paths"]
    for wanted in (
        "/api/v1/checkups/campaigns/",
        "/api/v1/checkups/campaigns/{pk}/open/",
        "/api/v1/checkups/campaigns/{pk}/coverage/",
        "/api/v1/checkups/invitations/{pk}/status/",
        "/api/v1/checkups/visits/",
        "/api/v1/checkups/visits/{pk}/verify/",
        "/api/v1/checkups/couples/",
        "/api/v1/checkups/couples/follow-up/",
    ):
        assert wanted in paths, wanted
