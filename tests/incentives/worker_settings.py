"""Settings for the Celery worker processes of tests/incentives/test_bankfile_worker.py.

They work on the running suite's test database, take tasks from their own queue, and
hand a dead worker's unacknowledged task to the next worker after two seconds (the
Redis transport's visibility timeout; an hour in production).
"""

import os
import time
from pathlib import Path

from celery.signals import task_postrun

from tests.settings import *  # noqa: F403

# The database the starting test runs on (one per test process under pytest-xdist).
DATABASES["default"]["NAME"] = os.environ["INCENTIVES_TEST_DATABASE"]  # noqa: F405
CELERY_BROKER_URL = os.environ["INCENTIVES_TEST_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["INCENTIVES_TEST_QUEUE"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
_HOLD = os.environ.get("INCENTIVES_TEST_HOLD_AFTER_TASK", "")


@task_postrun.connect
def _hold_before_the_ack(task=None, **kwargs):
    """With INCENTIVES_TEST_HOLD_AFTER_TASK set, stop after the bank-file task returned
    (its transaction committed) and before the broker is told, until the test kills us."""
    if _HOLD and task is not None and task.name.endswith("build_bank_file_task"):
        Path(_HOLD).touch()
        time.sleep(600)
