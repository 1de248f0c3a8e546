"""Database connections stay few under light use, as `make run` serves the site.

`manage.py runserver` serves each browser connection in a thread of its own. With
connection reuse (CONN_MAX_AGE > 0) every finished thread left its connection open;
the default is now to close it when the request ends (production reuses them under
gunicorn's sync workers: see README, Configuration).
"""

import socketserver
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.servers.basehttp import (
    WSGIRequestHandler,
    WSGIServer,
    get_internal_wsgi_application,
)
from django.db import connection

REQUESTS = 30
AT_MOST = 3  # connections other than the test's own


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def runserver_url():
    """A server built as `runserver` builds it (ThreadingMixIn over Django's WSGIServer)."""
    server_class = type("WSGIServer", (socketserver.ThreadingMixIn, WSGIServer), {})
    server_class.daemon_threads = True
    server = server_class(("127.0.0.1", 0), _QuietHandler)
    server.set_app(get_internal_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _other_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (local)
        return response.status


def _settled(at_most: int, *, patience: float = 10.0) -> int:
    """Connections still open once the servers' threads have finished their requests."""
    deadline = time.monotonic() + patience
    count = _other_connections()
    while count > at_most and time.monotonic() < deadline:
        time.sleep(0.2)
        count = _other_connections()
    return count


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("server", ["runserver", "live_server"])
def test_thirty_requests_leave_few_connections_open(server, request):
    base = (
        request.getfixturevalue("runserver_url")
        if server == "runserver"
        else request.getfixturevalue("live_server").url
    )
    before = _other_connections()

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(_get, [f"{base}/healthz"] * REQUESTS))

    assert statuses == [200] * REQUESTS
    assert _settled(before + AT_MOST) <= before + AT_MOST
