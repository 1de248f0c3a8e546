"""An import whose process dies is shown failed; its uploader checks it again or cancels it."""

import csv
import io
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bureau.imports import start_import
from bureau.imports.recovery import recover_stale_imports
from bureau.models import ImportJob
from bureau.roles import Role
from households.demo.rows import generate_register_rows
from households.importing import KIND
from tests.bureau.factories import UserFactory

Status = ImportJob.Status
CHECK_IN_ANOTHER_PROCESS = (
    "import sys, django; django.setup(); "
    "from bureau.imports import check_import; check_import(int(sys.argv[1]))"
)


def register_csv(village, persons: int) -> io.BytesIO:
    rows = list(
        generate_register_rows(
            persons=persons,
            villages=[(village.code, village.name)],
            district_code=settings.BUREAU_DISTRICT_CODE,
        )
    )
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode("utf-8-sig"))


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def kill_mid_check(job: ImportJob) -> None:
    """Run the dry run in a worker-like process and SIGKILL it once rows are flowing."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    child = subprocess.Popen(  # noqa: S603 (a fixed command line)
        [sys.executable, "-c", CHECK_IN_ANOTHER_PROCESS, str(job.pk)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status == Status.CHECKING and job.rows_total > 0:
                break
            assert child.poll() is None, "the dry run ended before it could be killed"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_a_job_killed_mid_check_is_shown_failed_and_can_be_checked_again(
    client, staff, village, settings
):
    settings.IMPORT_STALE_MINUTES = 1
    job = start_import(
        by=staff, kind=KIND, file=register_csv(village, 30_000), filename="big.csv"
    )
    try:
        kill_mid_check(job)
        job.refresh_from_db()
        assert job.status == Status.CHECKING  # what the dead process left behind

        assert recover_stale_imports() == 0  # its heartbeat is still recent
        ImportJob.objects.filter(pk=job.pk).update(
            updated_at=timezone.now() - timedelta(minutes=2)
        )
        client.force_login(staff)
        page = client.get(reverse("households:import-detail", args=[job.pk]))

        job.refresh_from_db()
        assert job.status == Status.FAILED
        assert "预检未完成就中断了" in page.content.decode()  # job messages: zh-hans
        assert 'data-testid="import-retry"' in page.content.decode()

        client.post(reverse("households:import-retry", args=[job.pk]))

        job.refresh_from_db()
        assert job.status == Status.CHECKED
        assert job.rows_total == 30_000
    finally:
        job.file.delete(save=False)


@pytest.fixture
def failed_job(staff, village, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    job = start_import(
        by=staff, kind=KIND, file=register_csv(village, 3), filename="a.csv"
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.CHECKING, updated_at=timezone.now() - timedelta(days=1)
    )
    recover_stale_imports()
    job.refresh_from_db()
    return job


def test_a_stale_commit_waits_out_the_task_time_limit(staff, village, settings):
    settings.IMPORT_STALE_MINUTES = 1
    job = start_import(
        by=staff, kind=KIND, file=register_csv(village, 3), filename="a.csv"
    )
    started = timezone.now() - timedelta(minutes=5)
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.COMMITTING, updated_at=started
    )

    assert recover_stale_imports() == 0
    later = started + timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
    assert recover_stale_imports(now=later) == 1
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert "回滚" in job.message  # the project language, as every job message
    job.file.delete(save=False)


def test_the_uploader_cancels_a_failed_import_for_good(client, staff, failed_job):
    client.force_login(staff)
    detail = reverse("households:import-detail", args=[failed_job.pk])
    assert 'data-testid="import-cancel"' in client.get(detail).content.decode()

    response = client.post(reverse("households:import-cancel", args=[failed_job.pk]))

    assert response.status_code == 302
    failed_job.refresh_from_db()
    assert failed_job.status == Status.CANCELLED
    retry = client.post(reverse("households:import-retry", args=[failed_job.pk]))
    assert retry.status_code == 403
    assert 'data-testid="import-retry"' not in client.get(detail).content.decode()


def test_only_the_uploader_may_retry_or_cancel(client, village, failed_job):
    colleague = UserFactory.create(role=Role.STAFF, townships=[village.township])
    client.force_login(colleague)

    for name in ("households:import-retry", "households:import-cancel"):
        response = client.post(reverse(name, args=[failed_job.pk]))
        assert response.status_code == 404  # another user's job is not visible

    failed_job.refresh_from_db()
    assert failed_job.status == Status.FAILED
