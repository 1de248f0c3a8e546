"""The bank file is made by a background worker: the page queues it and shows the result.

Safe on redelivery. The task is acknowledged only after it finished (acks_late) and a
worker lost mid-task leaves it queued for another (reject_on_worker_lost). Whatever
delivery runs, the file, the lines sent and the job's result are written in one
transaction with the batch row locked, and a batch holds at most one bank file (a
one-to-one key): a worker killed before the commit leaves nothing behind and the next
delivery makes the file; a delivery after the commit finds the file and changes nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.audit import audit_context
from bureau.services import notify
from incentives.models import BankFile, BankFileJob, BankFileLayout, PayoutBatch
from incentives.models.bankfile_jobs import OPEN_JOB
from incentives.services._common import require_perm
from incentives.services.bankfiles import default_layout, export_bank_file
from incentives.services.errors import StateError
from incentives.services.payouts import _locked_batch

B = PayoutBatch.Status
J = BankFileJob.Status


def request_bank_file(
    *, by, batch: PayoutBatch, layout: BankFileLayout | None = None
) -> BankFileJob:
    """Queue the making of an approved batch's bank file; a request still open is
    returned as it is, so a second click queues nothing."""
    from incentives.tasks import build_bank_file_task

    with transaction.atomic(), audit_context(user=by.pk, action="request_bank_file"):
        require_perm(by, "incentives.change_payoutbatch")
        batch = _locked_batch(batch)
        waiting = batch.file_jobs.filter(status__in=OPEN_JOB).first()
        if waiting is not None and not _abandoned(waiting):
            return waiting
        if waiting is not None:
            BankFileJob.objects.filter(pk=waiting.pk).update(
                status=J.FAILED,
                message=_("The request did not finish; it was asked for again."),
                finished_at=timezone.now(),
            )
        if BankFile.objects.filter(batch=batch).exists():
            raise StateError(_("This batch already has its bank file."))
        if batch.status != B.APPROVED:
            raise StateError(_("Only an approved batch goes to the bank."))
        job = BankFileJob.objects.create(
            batch=batch, layout=layout or default_layout(), requested_by=by
        )
        transaction.on_commit(lambda: build_bank_file_task.delay(job.pk))
        return job


def _abandoned(job: BankFileJob) -> bool:
    """Older than any worker would have taken (its task was lost, say with the broker):
    a new request replaces it; a late delivery of the old task then finds it closed."""
    limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 3600)
    return job.created_at < timezone.now() - limit


def _claim(job_id: int) -> BankFileJob | None:
    """Mark the job as being made and count the delivery; None when there is nothing to do."""
    claimed = BankFileJob.objects.filter(pk=job_id, status__in=OPEN_JOB).update(
        status=J.RUNNING, started_at=timezone.now(), deliveries=F("deliveries") + 1
    )
    if not claimed:
        return None
    return BankFileJob.objects.select_related("batch", "layout", "requested_by").get(
        pk=job_id
    )


def _tell(job: BankFileJob, title: str, body: str) -> None:
    notify(
        recipients=[job.requested_by],
        title=title,
        body=body,
        link=reverse("incentives:batch-detail", args=[job.batch_id]),
    )


def build_bank_file(*, job_id: int) -> BankFileJob | None:
    """Carry out a bank-file request (the worker's task); any delivery may repeat it."""
    job = _claim(job_id)
    if job is None:
        return BankFileJob.objects.filter(pk=job_id).first()
    try:
        with (
            transaction.atomic(),
            audit_context(user=job.requested_by_id, action="build_bank_file"),
        ):
            bank_file = export_bank_file(
                by=job.requested_by, batch=job.batch, layout=job.layout
            )
            # Two deliveries at once both claim; the one that finds it still running
            # reports, the other (already done by then) stays silent.
            finished = BankFileJob.objects.filter(pk=job.pk, status=J.RUNNING).update(
                status=J.DONE,
                bank_file=bank_file,
                message="",
                finished_at=timezone.now(),
            )
            if finished:
                _tell(
                    job,
                    _("The bank file is ready"),
                    _("%(batch)s: %(rows)d rows, SHA-256 %(checksum)s.")
                    % {
                        "batch": job.batch,
                        "rows": bank_file.row_count,
                        "checksum": bank_file.checksum[:16],
                    },
                )
    except (ValidationError, StateError, PermissionDenied) as error:
        _fail(job, error)
    job.refresh_from_db()
    return job


def _fail(job: BankFileJob, error: Exception) -> None:
    if isinstance(error, ValidationError):
        message = " ".join(error.messages)
    else:
        message = getattr(error, "message", "") or str(error)
    with transaction.atomic():
        BankFileJob.objects.filter(pk=job.pk, status=J.RUNNING).update(
            status=J.FAILED, message=message[:500], finished_at=timezone.now()
        )
        _tell(job, _("The bank file could not be made"), message[:500])


def latest_bank_file_job(batch: PayoutBatch) -> BankFileJob | None:
    return batch.file_jobs.select_related("bank_file").order_by("-pk").first()
