"""Celery tasks of benefits: thin wrappers that call one service each."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from incentives import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def propose_entitlement_changes_task() -> int:
    """Tonight's check of entitlements against the register; proposes, never decides.

    Safe to rerun: a proposal already open or already decided is not made again.
    """
    return services.propose_entitlement_changes(today=timezone.localdate())
