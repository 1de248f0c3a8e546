"""A real Celery worker on the Redis broker for the tests that need one."""

import socket
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from bureau.celery import app as celery_app


def _redis_reachable(url: str) -> bool:
    address = urlparse(url)
    try:
        socket.create_connection((address.hostname, address.port or 6379), 2).close()
    except OSError:
        return False
    return True


def _forget_queues() -> None:
    """Celery caches the default queue and router on first use; the next test sets its own."""
    for name in ("default_queue", "queues", "router"):
        celery_app.amqp.__dict__.pop(name, None)


@contextmanager
def running_worker(monkeypatch, *, queue: str, **worker_options):
    """Worker threads consuming `queue` (of the test's own, so no other worker on the same
    Redis takes its tasks) from settings.TEST_BROKER_URL; skips when no broker is reachable."""
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
    conf.task_default_queue = queue
    _forget_queues()
    try:
        with celery_app.connection_for_write() as connection:
            connection.default_channel.queue_purge(queue)
        with start_worker(
            celery_app,
            queues=[queue],
            perform_ping_check=False,
            shutdown_timeout=30,
            **worker_options,
        ):
            yield
    finally:
        conf.task_always_eager, conf.broker_url, conf.task_default_queue = saved
        _forget_queues()
