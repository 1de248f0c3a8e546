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


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def build_bank_file_task(job_id: int) -> str:
    """Make the bank file a page or the API asked for; safe to deliver again.

    Acknowledged only once it finished, so a worker killed mid-task leaves it for
    another; a repeat finds the file already made and changes nothing.
    """
    job = services.build_bank_file(job_id=job_id)
    return job.status if job is not None else "gone"
