"""Campaign pages: a campaign opened from its page, its invitations per village, the
coverage figures, chart and export, and declining on the invitation list."""

import datetime

import pytest
from django.urls import reverse

from bureau.models import AccessEvent
from bureau.roles import Role
from checkups import services
from checkups.models import Campaign, Invitation
from households.models import Person
from tests.bureau.factories import UserFactory
from tests.checkups.pages import client_as, open_campaign, signed_visit, today, woman
from tests.households.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def test_opening_a_campaign_from_its_page_invites_the_women_of_the_township(
    staff, village
):
    invited = woman(village)
    woman(village, age=55, name="太老")
    chief = UserFactory.create(role=Role.CHIEF)
    campaign = services.create_campaign(
        by=chief,
        kind=Campaign.Kind.REPRODUCTIVE_HEALTH,
        year=today().year,
        quarter=1,
        starts_on=today(),
        ends_on=today() + datetime.timedelta(days=30),
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


@pytest.mark.parametrize("role", [Role.CHIEF, Role.AUDITOR])
def test_chiefs_and_auditors_see_the_coverage_figures(staff, colleague, village, role):
    visit = signed_visit(staff, colleague, village)
    reader = UserFactory.create(role=role)

    page = client_as(reader).get(
        reverse("checkups:campaign-detail", args=[visit.invitation.campaign_id])
    )

    assert page.status_code == 200
    assert page.context["total"].attended == 1
    assert b'data-testid="chart"' in page.content


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


def test_the_list_says_why_a_deceased_womans_invitation_stopped(staff, village):
    died = woman(village, name="已故")
    campaign = open_campaign(village)
    Person.objects.filter(pk=died.pk).update(
        is_alive=False, died_on=today() - datetime.timedelta(days=2)
    )
    chief = UserFactory.create(role=Role.CHIEF)
    services.open_campaign(by=chief, campaign=campaign)

    listing = client_as(staff).get(
        reverse("checkups:invitation-list", args=[campaign.pk]),
        {"village": village.code},
    )

    text = listing.content.decode()
    assert "The register records the person as deceased." in text
    assert campaign.invitations.get(person=died).status == "moved_away"
    page = client_as(staff).get(reverse("checkups:campaign-detail", args=[campaign.pk]))
    assert page.context["total"].invited == 0
    assert page.context["total"].moved_away == 1


def test_the_coverage_export_carries_the_figures_and_is_logged(
    staff, colleague, village
):
    visit = signed_visit(staff, colleague, village)
    campaign = visit.invitation.campaign
    declined = woman(village, name="不来")
    services.open_campaign(by=UserFactory.create(role=Role.CHIEF), campaign=campaign)
    services.set_invitation_status(
        by=staff,
        invitation=campaign.invitations.get(person=declined),
        status="declined",
    )
    auditor = UserFactory.create(role=Role.AUDITOR)

    answer = client_as(auditor).get(
        reverse("checkups:coverage-export", args=[campaign.pk]),
        {"level": "township", "format": "csv"},
    )

    lines = b"".join(answer.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == [
        "区域",
        "应检人数",
        "已检人数",
        "拒检人数",
        "迁出人数",
        "覆盖率(%)",
    ]
    # One woman invited and examined, one declined: declining leaves the denominator.
    township_line = lines[1].split(",")
    assert township_line[0] == village.township.name
    assert township_line[1:5] == ["1", "1", "1", "0"]
    assert float(township_line[5]) == 100
    event = AccessEvent.objects.get(user=auditor, kind=AccessEvent.Kind.EXPORT)
    assert event.subject == "checkups.campaign"
    assert event.row_count == 2
    assert event.checksum == answer["X-Export-SHA256"]
    assert event.filters["campaign"] == campaign.pk


@pytest.mark.parametrize("role", [Role.CHIEF, Role.AUDITOR])
def test_chiefs_and_auditors_read_the_invitation_list_masked(village, role):
    invited = woman(village)
    campaign = open_campaign(village)
    reader = UserFactory.create(role=role)

    page = client_as(reader).get(
        reverse("checkups:invitation-list", args=[campaign.pk]),
        {"village": village.code},
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert invited.masked_id_number in text
    assert invited.id_number not in text
    assert b'data-testid="change-status"' not in page.content
    assert b'data-testid="record-visit"' not in page.content
