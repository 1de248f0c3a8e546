"""Two deliveries of the hourly clock job on a real Celery worker send each notice once."""

import datetime as dt
import socket
import threading
import time
from urllib.parse import urlparse

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection
from django.utils import timezone

from bureau import tasks
from bureau.celery import app as celery_app
from bureau.clocks import start_clock
from bureau.models import DeadlineClock, Notification

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("holidays"),
]

WAIT_SECONDS = 30
# A queue of its own, so no other worker on the same Redis takes the test's tasks.
TEST_QUEUE = "bureau-tests-clocks"
TASK_NAME = "bureau.tasks.send_clock_reminders_task"


def _redis_reachable(url: str) -> bool:
    address = urlparse(url)
    try:
        socket.create_connection((address.hostname, address.port or 6379), 2).close()
    except OSError:
        return False
    return True


@pytest.fixture
def finished_runs():
    """Counts clock-job runs the worker finished; each worker thread closes its connection."""
    runs: list[str] = []
    lock = threading.Lock()

    def done(sender=None, **_kwargs):
        if sender is not None and sender.name == TASK_NAME:
            connection.close()
            with lock:
                runs.append(sender.name)

    signals.task_postrun.connect(done, weak=False)
    yield runs
    signals.task_postrun.disconnect(done)


@pytest.fixture
def worker(monkeypatch):
    """Two worker threads consuming from the Redis broker in settings.TEST_BROKER_URL."""
    broker_url = settings.TEST_BROKER_URL
    if not broker_url:
        pytest.skip("CELERY_BROKER_URL is not set: no Redis broker to run a worker on")
    if not _redis_reachable(broker_url):
        pytest.skip(f"the Redis broker at {broker_url} is not reachable")
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url, conf.task_default_queue
    monkeypatch.setenv("CELERY_BROKER_URL", broker_url)
    conf.task_always_eager = False
    conf.broker_url = broker_url
    conf.task_default_queue = TEST_QUEUE
    _forget_queues()
    try:
        with celery_app.connection_for_write() as broker:
            broker.default_channel.queue_purge(TEST_QUEUE)
        with start_worker(
            celery_app,
            pool="threads",
            concurrency=2,
            queues=[TEST_QUEUE],
            perform_ping_check=False,
            shutdown_timeout=30,
        ):
            yield
    finally:
        conf.task_always_eager, conf.broker_url, conf.task_default_queue = saved
        _forget_queues()


def _forget_queues() -> None:
    """Celery caches the default queue and router on first use; the next test sets its own."""
    for name in ("default_queue", "queues", "router"):
        celery_app.amqp.__dict__.pop(name, None)


def test_two_job_runs_on_the_worker_warn_and_escalate_once(
    worker, finished_runs, village, staff, chief
):
    today = timezone.localdate()
    for n, started in enumerate(
        [today - dt.timedelta(days=12), today - dt.timedelta(days=40)]
    ):
        start_clock(
            subject=village,
            township=village.township,
            kind=f"limit-{n}",
            label=f"时限{n}",
            days=15,
            unit=DeadlineClock.Unit.CALENDAR,
            end_on_working_day=False,
            started_on=started,
            warn_before=5,
            warn_users=[staff],
            escalate_users=[chief],
            by=staff,
        )

    # The queue is named on each message: the producer may hold an earlier test's default.
    tasks.send_clock_reminders_task.apply_async(queue=TEST_QUEUE)
    tasks.send_clock_reminders_task.apply_async(queue=TEST_QUEUE)

    deadline = time.monotonic() + WAIT_SECONDS
    while len(finished_runs) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(finished_runs) == 2
    assert Notification.objects.filter(recipient=chief).count() == 1
    assert Notification.objects.filter(recipient=staff).count() == 2
    assert DeadlineClock.objects.filter(state=DeadlineClock.State.EXPIRED).count() == 1
