"""Opening a campaign makes its target list from the register, once per person."""

import datetime

import pytest

from checkups import services
from checkups.models import Campaign, Invitation, ServiceItem
from households.models import Person
from tests.checkups import factories as f
from tests.households.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def test_the_catalogue_holds_the_19_pre_pregnancy_items_and_the_three_exams():
    pre = ServiceItem.objects.filter(campaign_kind="pre_pregnancy")
    assert sorted(pre.values_list("number", flat=True)) == list(range(1, 20))
    assert set(pre.filter(for_men=True).values_list("number", flat=True)) == {
        1,
        2,
        3,
        5,
        6,
        7,
        9,
        10,
        11,
        13,
        18,
    }
    assert ServiceItem.objects.filter(campaign_kind="reproductive_health").count() == 3
    # Nothing here records a pregnancy: the follow-up item starts switched off.
    assert not pre.get(number=19).is_active


def test_reproductive_health_targets_are_women_20_to_49_living_in_the_district(
    village, other_village, chief
):
    household = HouseholdFactory.create(village=village)
    resident = f.woman(household=household, age=30)
    moved_in = f.woman(
        household=household, age=45, residence_status=Person.ResidenceStatus.MOVED_IN
    )
    f.woman(household=household, age=19)
    f.woman(household=household, age=50)
    f.woman(household=household, age=30, residence_status="moved_away")
    f.woman(
        household=household, age=30, is_alive=False, died_on=datetime.date(2025, 1, 1)
    )
    f.man(household=household, age=30)
    f.woman(village=other_village, age=30)  # a township not taking part
    campaign = f.campaign(townships=[village.township], by=chief)

    added = services.open_campaign(by=chief, campaign=campaign)

    invited = Invitation.objects.filter(campaign=campaign)
    assert added == 2
    assert set(invited.values_list("person_id", flat=True)) == {
        resident.pk,
        moved_in.pk,
    }
    assert set(invited.values_list("village_id", flat=True)) == {village.pk}
    assert set(invited.values_list("household_id", flat=True)) == {household.pk}
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN


def test_running_it_again_adds_only_who_joined_since(village, chief):
    first = f.woman(village=village)
    campaign = f.campaign(townships=[village.township], by=chief)
    assert services.open_campaign(by=chief, campaign=campaign) == 1
    assert services.open_campaign(by=chief, campaign=campaign) == 0

    joiner = f.woman(village=village, age=22)
    assert services.open_campaign(by=chief, campaign=campaign) == 1
    assert services.open_campaign(by=chief, campaign=campaign) == 0

    invited = Invitation.objects.filter(campaign=campaign)
    assert sorted(invited.values_list("person_id", flat=True)) == sorted(
        [first.pk, joiner.pk]
    )


def test_a_refresh_marks_who_has_since_moved_away(village, chief):
    leaving = f.woman(village=village)
    staying = f.woman(village=village)
    campaign = f.campaign(townships=[village.township], by=chief)
    services.open_campaign(by=chief, campaign=campaign)
    Person.objects.filter(pk=leaving.pk).update(residence_status="moved_away")

    services.open_campaign(by=chief, campaign=campaign)

    statuses = dict(
        Invitation.objects.filter(campaign=campaign).values_list("person_id", "status")
    )
    assert statuses == {leaving.pk: "moved_away", staying.pk: "invited"}


def test_a_refresh_stops_the_waiting_invitation_of_who_has_since_died(village, chief):
    died = f.woman(village=village)
    came = f.woman(village=village)
    staying = f.woman(village=village)
    campaign = f.campaign(townships=[village.township], by=chief)
    services.open_campaign(by=chief, campaign=campaign)
    Invitation.objects.filter(person=came).update(status="attended")
    # The register records the deaths; the one who already came keeps her visit.
    Person.objects.filter(pk__in=[died.pk, came.pk]).update(
        is_alive=False, died_on=datetime.date(2026, 4, 20)
    )

    assert services.open_campaign(by=chief, campaign=campaign) == 0

    rows = {row.person_id: row for row in Invitation.objects.filter(campaign=campaign)}
    assert {pk: row.status for pk, row in rows.items()} == {
        died.pk: "moved_away",
        came.pk: "attended",
        staying.pk: "invited",
    }
    assert rows[died.pk].status_note == "The register records the person as deceased."
    assert rows[died.pk].version == 2
    # A later refresh leaves her invitation as it is and never invites her again.
    assert services.open_campaign(by=chief, campaign=campaign) == 0
    assert Invitation.objects.get(pk=rows[died.pk].pk).version == 2


def test_a_couple_with_a_deceased_partner_is_not_invited_and_stops_waiting(
    village, chief
):
    waiting = f.couple(village=village)
    never = f.couple(village=village)
    Person.objects.filter(pk=never.man_id).update(
        is_alive=False, died_on=datetime.date(2026, 1, 5)
    )
    campaign = f.campaign(
        townships=[village.township], kind=Campaign.Kind.PRE_PREGNANCY, by=chief
    )
    assert services.open_campaign(by=chief, campaign=campaign) == 1
    assert list(
        Invitation.objects.filter(campaign=campaign).values_list("couple", flat=True)
    ) == [waiting.pk]

    Person.objects.filter(pk=waiting.woman_id).update(
        is_alive=False, died_on=datetime.date(2026, 4, 20)
    )
    services.open_campaign(by=chief, campaign=campaign)

    assert Invitation.objects.get(campaign=campaign).status == "moved_away"
