"""Jobs that died: found, shown failed, and retried or cancelled by their uploader.

A running dry run writes a heartbeat (`updated_at`) with every chunk of rows; one
silent for IMPORT_STALE_MINUTES had its process killed (a deploy, the OOM
killer, a crash) and is marked failed. A commit writes inside its transaction,
so its heartbeat is invisible until it ends: it is dead once it has run past the
task's hard time limit, and its transaction was then rolled back. Nothing of a
dead job was written to the register, so checking it again is always safe.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext

from bureau.imports.pipeline import can_import
from bureau.models import ImportJob

Status = ImportJob.Status
_CANCELLABLE = (Status.UPLOADED, Status.CHECKED, Status.FAILED)


def _fail(jobs, *, message: str, now) -> int:
    return jobs.update(
        status=Status.FAILED,
        message=message,
        errors=[],
        progress=100,
        finished_at=now,
        updated_at=now,
    )


def recover_stale_imports(*, now=None) -> int:
    """Mark every import whose process died as failed; returns how many.

    Idempotent and cheap (one UPDATE per running state), so pages call it
    before they show jobs and a periodic task calls it too.
    """
    now = now or timezone.now()
    patience = timedelta(minutes=settings.IMPORT_STALE_MINUTES)
    running = ImportJob.objects.filter(status__in=(Status.CHECKING, Status.COMMITTING))
    if not running.filter(updated_at__lt=now - patience).exists():
        return 0
    limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    with translation.override(settings.LANGUAGE_CODE):
        checks = _fail(
            running.filter(status=Status.CHECKING, updated_at__lt=now - patience),
            message=gettext(
                "The check stopped without finishing (its process was stopped or "
                "crashed); nothing was written. Check the file again or cancel "
                "the import."
            ),
            now=now,
        )
        commits = _fail(
            running.filter(
                status=Status.COMMITTING, updated_at__lt=now - limit - patience
            ),
            message=gettext(
                "The import stopped without finishing (its process was stopped or "
                "crashed) and was rolled back; nothing was written. Check the file "
                "again or cancel the import."
            ),
            now=now,
        )
    return checks + commits


def may_retry_import(user, job: ImportJob) -> bool:
    """The uploader may check a failed file again while their role may import it."""
    return (
        job.status == Status.FAILED
        and job.created_by_id == user.pk
        and can_import(user, job.kind)
    )


def may_cancel_import(user, job: ImportJob) -> bool:
    """The uploader may cancel an import that is not running and wrote nothing."""
    return job.status in _CANCELLABLE and job.created_by_id == user.pk


def cancel_import(*, by, job: ImportJob) -> ImportJob:
    """Cancel `job` for good: it can no longer be checked or imported.

    Only its uploader, and only while it is not running or imported
    (PermissionDenied otherwise). Nothing of it was written to the register.
    """
    if job.created_by_id != by.pk:
        raise PermissionDenied
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        message = gettext("Cancelled by the uploader; nothing was written.")
    changed = ImportJob.objects.filter(pk=job.pk, status__in=_CANCELLABLE).update(
        status=Status.CANCELLED,
        message=message,
        progress=100,
        finished_at=now,
        updated_at=now,
    )
    if not changed:
        raise PermissionDenied
    job.refresh_from_db()
    return job
