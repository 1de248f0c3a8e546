"""Refreshes and reminders run at the same moment on a live PostgreSQL: nothing twice."""

import datetime

import pytest
from django.db.models import Count

from bureau.models import Notification
from checkups import services
from checkups.models import Campaign, Invitation
from checkups.services.reminders import send_non_attender_reminders
from tests.checkups import factories as f
from tests.threads import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def _duplicates(campaign) -> int:
    return (
        Invitation.objects.filter(campaign=campaign)
        .values("person")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )


def test_two_openings_of_one_campaign_at_once_invite_each_woman_once(village, chief):
    women = [f.woman(village=village, age=20 + n) for n in range(12)]
    campaign = f.campaign(townships=[village.township], by=chief)

    outcomes = run_at_once(
        2, lambda: services.open_campaign(by=chief, campaign=campaign)
    )

    # One opens the campaign and invites all twelve; the other finds them invited.
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    assert sorted(added for _, added in outcomes) == [0, 12]
    assert Invitation.objects.filter(campaign=campaign).count() == len(women)
    assert _duplicates(campaign) == 0
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.OPEN


def test_two_refreshes_at_once_add_those_who_joined_once(village, chief, staff):
    for n in range(5):
        f.woman(village=village, age=25 + n)
    campaign = f.campaign(townships=[village.township], by=chief)
    services.open_campaign(by=chief, campaign=campaign)
    for n in range(8):
        f.woman(village=village, age=30 + n)

    outcomes = run_at_once(
        4, lambda: services.open_campaign(by=chief, campaign=campaign)
    )

    assert [kind for kind, _ in outcomes] == ["ok"] * 4
    assert sum(added for _, added in outcomes) == 8
    assert Invitation.objects.filter(campaign=campaign).count() == 13
    assert _duplicates(campaign) == 0


def test_two_reminder_runs_at_once_tell_each_staff_member_once(village, staff):
    end = datetime.date(2026, 6, 30)
    campaign = f.campaign(townships=[village.township], status="open", ends_on=end)
    for _ in range(3):
        f.invitation(village=village, campaign_=campaign)
    day = end - datetime.timedelta(days=7)

    outcomes = run_at_once(2, lambda: send_non_attender_reminders(today=day))

    assert sorted(sent for _, sent in outcomes) == [0, 1]
    assert Notification.objects.filter(recipient=staff).count() == 1
