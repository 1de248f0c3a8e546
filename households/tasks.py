"""Celery tasks of the register: thin wrappers that call one service each."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from households.services import quality


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def run_quality_checks_task() -> dict[str, int]:
    """Tonight's data-quality checks; safe to rerun (a second run the same day writes nothing)."""
    return quality.run_quality_checks(today=timezone.localdate())
