"""Settings of the worker and server processes the reports suite starts: the product's
settings on the bench database, tasks on the suite's own queue."""

import os

from bureau.settings import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]  # noqa: F405
CELERY_TASK_DEFAULT_QUEUE = "bench-reports"
