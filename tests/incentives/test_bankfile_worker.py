"""T-PAY-03 on real Celery worker processes fed through Redis.

A worker is killed (SIGKILL) in the middle of making a bank file: once while its
transaction has written the file row and is marking the lines sent, once after that
transaction committed but before the broker heard the task was done. The task was not
acknowledged (acks_late), so Redis hands it to a second worker, which completes it:
one file, the same bytes, every line sent once, no money twice.
"""

import hashlib
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connections

from bureau.celery import app as celery_app
from incentives import services
from incentives.models import BankFile, BankFileJob, PayoutLine
from incentives.services.bankfiles import default_layout
from incentives.tasks import build_bank_file_task
from tests.incentives.test_bankfile_jobs import approved_batch
from tests.workers import _redis_reachable

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

QUEUE = "incentives-tests"
WAIT_SECONDS = 60
J = BankFileJob.Status


def _forget_queues() -> None:
    for name in ("queues", "default_queue", "router"):
        celery_app.amqp.__dict__.pop(name, None)


def _purge() -> None:
    with celery_app.connection_for_write() as channel:
        channel.default_channel.queue_purge(QUEUE)


@pytest.fixture
def broker(monkeypatch):
    url = settings.TEST_BROKER_URL
    if not url:
        pytest.skip("CELERY_BROKER_URL is not set: no Redis broker to run a worker on")
    if not _redis_reachable(url):
        pytest.skip(f"the Redis broker at {url} is not reachable")
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url, conf.task_default_queue
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    conf.task_always_eager, conf.broker_url, conf.task_default_queue = False, url, QUEUE
    _forget_queues()
    _purge()
    yield url
    _purge()
    conf.task_always_eager, conf.broker_url, conf.task_default_queue = saved
    _forget_queues()


def _start_worker(url: str, *, hold_after: str = "") -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.incentives.worker_settings",
        "INCENTIVES_TEST_BROKER_URL": url,
        "INCENTIVES_TEST_QUEUE": QUEUE,
        "INCENTIVES_TEST_DATABASE": connections["default"].settings_dict["NAME"],
        "INCENTIVES_TEST_HOLD_AFTER_TASK": hold_after,
    }
    command = [sys.executable, "-m", "celery", "-A", "bureau", "worker", "-Q", QUEUE]
    options = ["--pool", "solo", "--without-heartbeat", "--without-gossip"]
    return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [*command, *options, "--without-mingle", "-l", "warning"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait(condition) -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def _kill(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.kill(worker.pid, signal.SIGKILL)
    worker.wait(10)


def _other_cursor():
    other = connections.create_connection("default")
    return other, other.cursor()


def _blocked_on(table: str) -> bool:
    other, cursor = _other_cursor()
    try:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND query LIKE %s",
            [f"%{table}%"],
        )
        return cursor.fetchone()[0] > 0
    finally:
        other.close()


@contextmanager
def _holding(sql: str):
    """Hold a lock from a connection of our own until the block ends."""
    other, cursor = _other_cursor()
    try:
        cursor.execute("BEGIN")
        cursor.execute(sql)
        yield
        cursor.execute("ROLLBACK")
    finally:
        other.close()


@pytest.fixture
def queued(village, staff, chief, checker):
    """An approved batch and its bank-file job, not yet handed to any worker."""
    batch = approved_batch(village, staff, chief, checker, lines=4)
    job = BankFileJob.objects.create(
        batch=batch, layout=default_layout(), requested_by=chief
    )
    return batch, job


def _sent_events(batch) -> int:
    return PayoutLine.pgh_event_model.objects.filter(
        pgh_obj_id__in=batch.lines.values("pk"), pgh_label="update", status="sent"
    ).count()


def _finish_on_a_second_worker(broker, batch, job) -> BankFile:
    worker = _start_worker(broker)
    try:
        assert _wait(lambda: BankFileJob.objects.get(pk=job.pk).status == J.DONE), (
            "the second worker never completed the redelivered task"
        )
    finally:
        _kill(worker)
    return BankFile.objects.get(batch=batch)


def test_a_worker_killed_while_writing_the_file_leaves_it_to_the_next(broker, queued):
    batch, job = queued
    expected, _rows = services.render_bank_file(batch, job.layout)
    worker = _start_worker(broker)
    try:
        # Lines may be read but not changed: the worker stops inside its transaction,
        # after the file row is written, while marking the lines sent.
        with _holding("LOCK TABLE incentives_payoutline IN SHARE MODE"):
            build_bank_file_task.delay(job.pk)
            assert _wait(
                lambda: _blocked_on("incentives_payoutline") and worker.poll() is None
            ), "the worker never reached the lines"
            _kill(worker)
    finally:
        _kill(worker)

    assert not BankFile.objects.exists()
    assert set(batch.lines.values_list("status", flat=True)) == {"pending"}
    assert BankFileJob.objects.get(pk=job.pk).status == J.RUNNING

    made = _finish_on_a_second_worker(broker, batch, job)

    assert bytes(made.content) == expected
    assert made.checksum == hashlib.sha256(expected).hexdigest()
    assert set(batch.lines.values_list("status", flat=True)) == {"sent"}
    assert _sent_events(batch) == 4
    assert BankFile.pgh_event_model.objects.filter(pgh_label="insert").count() == 1
    job.refresh_from_db()
    assert (job.status, job.deliveries, job.bank_file_id) == (J.DONE, 2, made.pk)


def test_a_worker_killed_after_the_commit_leaves_one_file(broker, queued, tmp_path):
    batch, job = queued
    reached = tmp_path / "committed"
    worker = _start_worker(broker, hold_after=str(reached))
    try:
        build_bank_file_task.delay(job.pk)
        assert _wait(reached.exists), "the worker never finished the task's work"
        _kill(worker)
    finally:
        _kill(worker)
    first = BankFile.objects.get(batch=batch)
    assert BankFileJob.objects.get(pk=job.pk).status == J.DONE
    assert _owed() >= 1  # the broker still holds the task: nobody acknowledged it

    worker = _start_worker(broker)
    try:
        assert _wait(lambda: _owed() == 0), "the task was never delivered again"
    finally:
        _kill(worker)

    again = BankFile.objects.get(batch=batch)
    assert again.pk == first.pk
    assert bytes(again.content) == bytes(first.content)
    assert BankFile.objects.count() == 1
    assert _sent_events(batch) == 4
    assert batch.lines.count() == 4
    assert BankFileJob.objects.get(pk=job.pk).deliveries == 1


def _owed() -> int:
    """Tasks waiting in the queue or delivered and not yet acknowledged."""
    with celery_app.connection_for_write() as connection:
        channel = connection.default_channel
        return channel.client.llen(QUEUE) + channel.client.hlen(channel.unacked_key)
