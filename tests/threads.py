"""Calls run at the same moment in threads, each on its own database connection.

For the tests that race two or more writers on a live PostgreSQL (with
`django_db(transaction=True)`, so each thread sees what the others committed).
"""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def run_at_once(count: int, work: Callable[[], Any]) -> list[tuple[str, Any]]:
    """`work` in `count` threads released together; one (outcome, value) per thread:
    ("ok", what it returned) or (the exception's class name, the exception)."""
    barrier = threading.Barrier(count)
    outcomes: list[tuple[str, Any]] = []
    lock = threading.Lock()

    def run() -> None:
        barrier.wait()
        try:
            result: tuple[str, Any] = ("ok", work())
        except Exception as exc:  # the outcome is what the test checks
            result = (type(exc).__name__, exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
