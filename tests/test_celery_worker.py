"""A real Celery worker, fed through Redis, delivers notification e-mails."""

import time

import pytest

from bureau import tasks
from bureau.models import Notification
from tests.bureau.factories import UserFactory
from tests.workers import running_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 20
# A queue of its own, so no other worker on the same Redis takes the test's tasks.
TEST_QUEUE = "bureau-tests"


@pytest.fixture
def worker(monkeypatch):
    with running_worker(monkeypatch, queue=TEST_QUEUE):
        yield


def _wait_until_emailed(notification: Notification) -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.emailed_at is not None:
            return True
        time.sleep(0.2)
    return False


def test_a_queued_notification_email_is_sent_by_the_worker(worker, mailoutbox):
    user = UserFactory.create(email="li@example.gov.cn")
    notification = Notification.objects.create(recipient=user, title="请及时处理")

    tasks.email_notifications_task.delay([notification.pk])

    assert _wait_until_emailed(notification)
    assert [message.to for message in mailoutbox] == [["li@example.gov.cn"]]
