"""The nightly ranking on real Celery workers fed through Redis.

A worker process is started for each test; one is killed (SIGKILL) in the middle of a
run, while its township task is inside its transaction, and the last complete ranking
must stay current.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from bureau.celery import app as celery_app
from reports.models import RankingRun
from reports.tasks import nightly_ranking_task
from tests.reports.conftest import run_now
from tests.workers import _redis_reachable

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

QUEUE = "reports-tests"
WAIT_SECONDS = 60


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
    with celery_app.connection_for_write() as channel:
        channel.default_channel.queue_purge(QUEUE)
    yield url
    with celery_app.connection_for_write() as channel:
        channel.default_channel.queue_purge(QUEUE)
    conf.task_always_eager, conf.broker_url, conf.task_default_queue = saved
    _forget_queues()


def _forget_queues() -> None:
    """Celery caches the queue declarations built from the default queue on first use;
    drop them so this test's queue, and afterwards the suite's, are the ones used."""
    for name in ("queues", "default_queue", "router"):
        celery_app.amqp.__dict__.pop(name, None)


def _start_worker(url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reports.worker_settings",
        "REPORTS_TEST_BROKER_URL": url,
        "REPORTS_TEST_QUEUE": QUEUE,
        "REPORTS_TEST_DATABASE": connection.settings_dict["NAME"],
    }
    command = [sys.executable, "-m", "celery", "-A", "bureau", "worker"]
    options = ["-Q", QUEUE, "--pool", "solo", "--without-heartbeat", "-l", "warning"]
    return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [*command, *options, "--without-gossip", "--without-mingle"],
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


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.kill()
    worker.wait(10)


def test_a_worker_scores_every_township_and_switches_the_ranking(broker, issued):
    before = run_now(issued)
    worker = _start_worker(broker)
    try:
        nightly_ranking_task.delay()

        assert _wait(
            lambda: (
                RankingRun.objects.filter(directive=issued, is_current=True)
                .exclude(pk=before.pk)
                .exists()
            )
        )
    finally:
        _stop(worker)
    current = RankingRun.objects.get(directive=issued, is_current=True)
    assert current.totals.filter(rank__isnull=False).count() == 2


# What the test holds so that the worker blocks at that point of the run: the totals
# table (a township task has written its item scores and waits to write its total) or
# the current run's row (the switch).
KILL_POINTS = {
    "while scoring a township": (
        "LOCK TABLE reports_townshipscore IN SHARE MODE",
        "reports_townshipscore",
    ),
    "while switching the ranking": (
        "SELECT id FROM reports_rankingrun FOR UPDATE",
        "reports_rankingrun",
    ),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_killing_the_worker_mid_run_leaves_the_previous_ranking(broker, issued, point):
    before = run_now(issued)
    hold, table = KILL_POINTS[point]
    worker = _start_worker(broker)
    try:
        with connection.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(hold)
            nightly_ranking_task.delay()
            assert _wait(lambda: _blocked_on(table) and worker.poll() is None), (
                f"the worker never blocked {point}: {_waiting()}"
            )
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)
            cursor.execute("ROLLBACK")
    finally:
        _stop(worker)

    current = RankingRun.objects.get(directive=issued, is_current=True)
    assert current == before
    assert current.totals.filter(rank__isnull=False).count() == 2
    killed = RankingRun.objects.exclude(pk=before.pk).get()
    assert killed.status == RankingRun.Status.RUNNING
    assert not killed.totals.filter(rank__isnull=False).exists()
    if point == "while scoring a township":
        assert not killed.item_scores.exists()  # the open transaction died with it


def _blocked_on(table: str) -> bool:
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND query LIKE %s",
                [f"%{table}%"],
            )
            return cursor.fetchone()[0] > 0
    finally:
        other.close()


def _waiting() -> list[str]:
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT left(query, 300) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return [row[0] for row in cursor.fetchall()]
    finally:
        other.close()
