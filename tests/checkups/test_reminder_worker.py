"""The morning reminder, sent as beat sends it and run by a real Celery worker on Redis.

Staff of a participating township are told once how many invitations still wait
before the campaign closes; the same task delivered again the same day tells nobody
twice. A campaign already closed reminds nobody.
"""

import datetime
import threading
import time

import pytest
from celery.signals import task_postrun
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from bureau.celery import BEAT_SCHEDULE
from bureau.celery import app as celery_app
from bureau.models import Notification
from bureau.roles import Role
from tests.bureau.factories import UserFactory
from tests.checkups import factories as f
from tests.workers import running_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

QUEUE = "checkups-tests"
WAIT_SECONDS = 30
ENTRY = BEAT_SCHEDULE["checkups-non-attender-reminders"]


@pytest.fixture
def finished(monkeypatch):
    """Ids of the tasks the worker has finished, and the worker itself."""
    done: set[str] = set()
    guard = threading.Lock()

    def record(task_id=None, **_kwargs):
        with guard:
            done.add(task_id)

    task_postrun.connect(record, weak=False)
    try:
        with running_worker(monkeypatch, queue=QUEUE):
            yield done
    finally:
        task_postrun.disconnect(record)


def _as_beat_sends_it() -> str:
    """The scheduled entry sent by name with its options, as celery beat does."""
    return celery_app.send_task(ENTRY["task"], **ENTRY.get("options", {})).id


def _wait_for(done: set[str], task_id: str) -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if task_id in done:
            return True
        time.sleep(0.2)
    return False


def test_the_worker_reminds_staff_once_and_not_again_on_a_second_run(
    finished, village, other_village
):
    today = timezone.localdate()
    closing = f.campaign(
        townships=[village.township],
        status="open",
        ends_on=today + datetime.timedelta(days=7),
    )
    for status in ("invited", "invited", "reminded", "declined", "attended"):
        f.invitation(village=village, campaign_=closing, status=status)
    closed = f.campaign(
        townships=[village.township],
        status="closed",
        ends_on=today + datetime.timedelta(days=7),
    )
    f.invitation(village=village, campaign_=closed)
    staff = UserFactory.create(role=Role.STAFF, townships=[village.township])
    colleague = UserFactory.create(role=Role.STAFF, townships=[village.township])
    elsewhere = UserFactory.create(role=Role.STAFF, townships=[other_village.township])

    assert _wait_for(finished, _as_beat_sends_it()), "the worker never ran the task"

    notes = Notification.objects.filter(link__contains=f"/{closing.pk}/")
    assert sorted(notes.values_list("recipient_id", flat=True)) == sorted(
        [staff.pk, colleague.pk]
    )
    # Invited and reminded are counted, never who declined; in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        body = gettext("%(village)s: %(count)d waiting") % {
            "village": village.name,
            "count": 3,
        }
    assert [n.body for n in notes] == [body, body]
    assert not Notification.objects.filter(recipient=elsewhere).exists()
    assert not Notification.objects.filter(link__contains=f"/{closed.pk}/").exists()

    assert _wait_for(finished, _as_beat_sends_it()), "the second run never finished"

    assert Notification.objects.filter(recipient__in=[staff, colleague]).count() == 2
