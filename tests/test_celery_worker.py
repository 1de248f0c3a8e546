"""A real Celery worker, fed through Redis, delivers notification e-mails."""

import socket
import time
from urllib.parse import urlparse

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from bureau import tasks
from bureau.celery import app as celery_app
from bureau.models import Notification
from tests.bureau.factories import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 20
# A queue of its own, so no other worker on the same Redis takes the test's tasks.
TEST_QUEUE = "bureau-tests"


def _redis_reachable(url: str) -> bool:
    address = urlparse(url)
    try:
        socket.create_connection((address.hostname, address.port or 6379), 2).close()
    except OSError:
        return False
    return True


@pytest.fixture
def worker(monkeypatch):
    """A worker thread consuming from the Redis broker in settings.TEST_BROKER_URL."""
    broker_url = settings.TEST_BROKER_URL
    if not broker_url:
        pytest.skip("CELERY_BROKER_URL is not set: no Redis broker to run a worker on")
    if not _redis_reachable(broker_url):
        pytest.skip(f"the Redis broker at {broker_url} is not reachable")
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url, conf.task_default_queue
    # Celery reads CELERY_BROKER_URL from the environment before its own settings.
    monkeypatch.setenv("CELERY_BROKER_URL", broker_url)
    conf.task_always_eager = False
    conf.broker_url = broker_url
    conf.task_default_queue = TEST_QUEUE
    try:
        with celery_app.connection_for_write() as connection:
            connection.default_channel.queue_purge(TEST_QUEUE)
        with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        conf.task_always_eager, conf.broker_url, conf.task_default_queue = saved


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
