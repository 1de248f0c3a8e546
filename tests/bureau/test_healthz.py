"""/healthz: load balancers and operators see database and broker status without logging in."""

import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.urls import reverse

from bureau.celery import app as celery_app

pytestmark = pytest.mark.django_db

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def use_broker(monkeypatch):
    """use_broker(url): /healthz talks to the broker at `url` instead of running eagerly."""
    eager = celery_app.conf.task_always_eager

    def use(url: str) -> None:
        # Celery reads CELERY_BROKER_URL from the environment before its own settings.
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        celery_app.conf.task_always_eager = False

    yield use
    celery_app.conf.task_always_eager = eager


def _reachable(url: str) -> bool:
    address = urlparse(url)
    try:
        socket.create_connection((address.hostname, address.port or 6379), 1).close()
    except OSError:
        return False
    return True


def test_healthz_answers_anonymous_visitors_with_json(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["database"] == "ok"


def test_healthz_says_when_tasks_run_without_a_broker(client):
    response = client.get(reverse("healthz"))

    assert response.json()["broker"].startswith("eager")


def test_healthz_reports_an_unreachable_broker_as_unhealthy(client, use_broker):
    use_broker(UNREACHABLE_BROKER)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
    assert response.json()["database"] == "ok"


def test_healthz_reports_a_reachable_broker_as_ok(client, use_broker):
    if not settings.TEST_BROKER_URL or not _reachable(settings.TEST_BROKER_URL):
        pytest.skip("set CELERY_BROKER_URL to a running Redis to check a live broker")
    use_broker(settings.TEST_BROKER_URL)

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}
