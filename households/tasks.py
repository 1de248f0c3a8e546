"""Celery tasks of the register: thin wrappers that call one service each."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from households.services import quality


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def run_quality_checks_task(run_id: int | None = None) -> dict[str, int]:
    """The data-quality checks (nightly, or the run `run_id` asked for on the page); safe
    to rerun (a second run the same day writes no issue)."""
    return quality.run_quality_checks(today=timezone.localdate(), run_id=run_id)
