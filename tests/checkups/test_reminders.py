"""Staff hear how many invitations still wait before a campaign closes; never who declined."""

import datetime

import pytest

from bureau.celery import BEAT_SCHEDULE
from bureau.models import Notification
from bureau.roles import Role
from checkups.services.reminders import send_non_attender_reminders
from checkups.tasks import send_non_attender_reminders_task
from tests.bureau.factories import UserFactory
from tests.checkups import factories as f

pytestmark = pytest.mark.django_db
END = datetime.date(2026, 6, 30)


@pytest.fixture
def campaign(village, other_village):
    made = f.campaign(
        townships=[village.township, other_village.township], status="open", ends_on=END
    )
    for status in ("invited", "reminded", "declined", "unreachable", "moved_away"):
        f.invitation(village=village, campaign_=made, status=status)
    return made


def test_staff_are_told_the_waiting_count_seven_days_before_the_end(
    campaign, staff, village, other_village
):
    elsewhere = UserFactory.create(role=Role.STAFF, townships=[other_village.township])

    sent = send_non_attender_reminders(today=END - datetime.timedelta(days=7))

    assert sent == 1
    note = Notification.objects.get(recipient=staff)
    # Invited and reminded only: those who declined, were unreachable or moved away
    # are not chased.
    assert f"{village.name}: 2 waiting" in note.body
    assert not Notification.objects.filter(recipient=elsewhere).exists()
    assert str(campaign.pk) in note.link


def test_no_reminder_on_other_days_and_none_twice_the_same_day(campaign, staff):
    assert send_non_attender_reminders(today=END - datetime.timedelta(days=6)) == 0
    day = END - datetime.timedelta(days=3)
    assert send_non_attender_reminders(today=day) == 1
    assert send_non_attender_reminders(today=day) == 0


def test_the_task_is_scheduled_every_morning():
    entry = BEAT_SCHEDULE["checkups-non-attender-reminders"]
    assert entry["task"] == send_non_attender_reminders_task.name
