"""Celery tasks of check-ups: thin wrappers that call one service each."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from checkups.services.reminders import send_non_attender_reminders


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def send_non_attender_reminders_task() -> int:
    """Each morning: tell township staff how many invitations still wait before a
    campaign closes (14, 7 and 3 days before). Safe to rerun the same day."""
    return send_non_attender_reminders(today=timezone.localdate())
