"""The printed notices (查体通知单): one per household of a village, in one print job."""

import pytest
from django.urls import reverse

from bureau.roles import Role
from tests.bureau.factories import UserFactory
from tests.checkups.pages import client_as, open_campaign, woman
from tests.households.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def test_a_village_prints_one_notice_per_household_in_one_job(staff, village):
    first = HouseholdFactory.create(village=village, number="H001")
    second = HouseholdFactory.create(village=village, number="H002")
    woman(village, name="王一", household=first)
    woman(village, name="王二", household=first)
    woman(village, name="李三", household=second)
    campaign = open_campaign(village)

    page = client_as(staff).get(
        reverse("checkups:notice-print", args=[campaign.pk]), {"village": village.code}
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert text.count('data-testid="print-document"') == 2
    assert text.index("王一") < text.index("王二") < text.index("李三")
    assert "declining has no consequence" in text
    assert "no-store" in page["Cache-Control"]


def test_the_notice_shows_no_whole_id_number(staff, village):
    person = woman(village)
    campaign = open_campaign(village)

    page = client_as(staff).get(
        reverse("checkups:notice-print", args=[campaign.pk]), {"village": village.code}
    )

    assert person.id_number not in page.content.decode()
    assert person.masked_id_number in page.content.decode()


def test_another_townships_village_prints_nothing(staff, village, other_village):
    campaign = open_campaign(village)

    answer = client_as(staff).get(
        reverse("checkups:notice-print", args=[campaign.pk]),
        {"village": other_village.code},
    )

    assert answer.status_code == 404


def test_a_campaign_of_another_township_answers_404(village, other_village):
    campaign = open_campaign(other_village)
    outsider = UserFactory.create(role=Role.STAFF, townships=[village.township])

    answer = client_as(outsider).get(
        reverse("checkups:notice-print", args=[campaign.pk]),
        {"village": village.code},
    )

    assert answer.status_code == 404


def test_printing_without_a_village_asks_for_one(staff, village):
    campaign = open_campaign(village)

    answer = client_as(staff).get(
        reverse("checkups:notice-print", args=[campaign.pk]), follow=True
    )

    assert "Choose the village whose notices to print." in answer.content.decode()
