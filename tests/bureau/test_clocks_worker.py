"""Two deliveries of the hourly clock job on a real Celery worker send each notice once."""

import datetime as dt
import threading
import time

import pytest
from celery import signals
from django.db import connection
from django.utils import timezone

from bureau import tasks
from bureau.clocks import start_clock
from bureau.models import DeadlineClock, Notification
from tests.workers import running_worker

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("holidays"),
]

WAIT_SECONDS = 30
# A queue of its own, so no other worker on the same Redis takes the test's tasks.
TEST_QUEUE = "bureau-tests-clocks"
TASK_NAME = "bureau.tasks.send_clock_reminders_task"


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
    """Two worker threads, so both deliveries of the job can run at once."""
    with running_worker(monkeypatch, queue=TEST_QUEUE, pool="threads", concurrency=2):
        yield


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
