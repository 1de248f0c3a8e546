from celery import shared_task
from django.db import OperationalError

from bureau import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def email_notifications_task(ids: list[int]) -> int:
    return services.email_notifications(ids=ids)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def check_import_task(job_id: int) -> str:
    """Dry run of an uploaded spreadsheet; a job already checked or running is left alone."""
    from bureau.imports import check_import

    return check_import(job_id).status


@shared_task
def run_export_task(job_id: str) -> str:
    """Write a background export; a job already running or finished is left alone."""
    from bureau.export_jobs import run_export

    return run_export(job_id).status


@shared_task
def expire_exports_task() -> int:
    """Hourly: delete export files whose download link has expired."""
    from bureau.export_jobs import expire_exports

    return expire_exports()


@shared_task
def recover_stale_imports_task() -> int:
    """Mark imports whose process died as failed, so their uploader can retry or cancel."""
    from bureau.imports.recovery import recover_stale_imports

    return recover_stale_imports()


@shared_task
def commit_import_task(job_id: int) -> str:
    """Write an uploaded spreadsheet; a job already running or finished is left alone."""
    from bureau.imports import commit_import

    return commit_import(job_id).status


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def send_clock_reminders_task() -> dict[str, int]:
    """Hourly: deadline warnings and escalations, each sent once even when runs overlap."""
    from bureau.clock_reminders import send_clock_reminders

    return send_clock_reminders()
