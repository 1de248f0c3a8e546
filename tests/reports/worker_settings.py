"""Settings for a real Celery worker process started by tests/reports/test_worker.py.

It works on the test database of the running suite and takes tasks from its own queue.
"""

import os

from tests.settings import *  # noqa: F403

# The database the starting test runs on (one per test process under pytest-xdist).
DATABASES["default"]["NAME"] = os.environ["REPORTS_TEST_DATABASE"]  # noqa: F405
CELERY_BROKER_URL = os.environ["REPORTS_TEST_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["REPORTS_TEST_QUEUE"]
