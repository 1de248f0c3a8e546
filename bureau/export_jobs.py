"""Background exports: the same file and access event as a direct export, written by a worker.

`start_export` records the request and queues `run_export`. The worker rebuilds the rows
from the registered source, scoped to the requester as they are at that moment, writes the
file with a progress bar, logs one access event with the final row count and checksum, and
packs the data file with its manifest (filters, row count, as-of time, checksum) into one
ZIP in private storage. The requester is notified; only they can download it, once, until
the link expires (EXPORT_LINK_HOURS, 24 by default). After the download, or at expiry, the
file is deleted: a copy of personal data does not wait on the server longer than needed.
"""

import json
import logging
import tempfile
import zipfile
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bureau.exports import (
    FORMATS,
    ExportError,
    ExportOptions,
    ExportSource,
    check_export_allowed,
    get_export_source,
    write_logged_export,
)
from bureau.models import User
from bureau.models.exports import ExportJob
from bureau.services import notify

logger = logging.getLogger(__name__)
Status = ExportJob.Status
ZIP = "application/zip"
# Kept on the job as fmt/unmasked/reason, not among the filters.
_OPTION_KEYS = frozenset({"format", "unmask", "reason", "csrfmiddlewaretoken"})


class ExportGone(Http404):
    """The owner's export was already downloaded or has expired."""


def visible_export_jobs(user: Any) -> QuerySet[ExportJob]:
    """The user's own export jobs: nobody else, whatever their role, sees them."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user)


def start_export(
    *,
    by: User,
    source: ExportSource,
    params: Mapping[str, str],
    options: ExportOptions,
    rows_expected: int = 0,
) -> ExportJob:
    """Record the export request and queue it for a worker (after this transaction)."""
    from bureau.tasks import run_export_task

    check_export_allowed(by, unmasked=options.unmasked, reason=options.reason)
    job = ExportJob.objects.create(
        kind=source.kind,
        requested_by=by,
        params={
            key: str(value) for key, value in params.items() if key not in _OPTION_KEYS
        },
        fmt=options.fmt,
        unmasked=options.unmasked,
        reason=options.reason,
        rows_expected=rows_expected,
    )
    transaction.on_commit(lambda: run_export_task.delay(str(job.pk)))
    return job


def _progress(job: ExportJob):
    def report(done: int) -> None:
        share = min(done / job.rows_expected, 1.0) if job.rows_expected else 0.0
        ExportJob.objects.filter(pk=job.pk).update(
            rows_written=done, progress=min(int(share * 100), 99)
        )

    return report


def _manifest(job: ExportJob, source: ExportSource, **facts: Any) -> dict[str, Any]:
    return {
        "export": source.kind,
        "subject": source.subject,
        "requested_by": job.requested_by.username,
        "requested_at": timezone.localtime(job.created_at).isoformat(),
        "filters": job.filters,
        "format": job.fmt,
        "masked": not job.unmasked,
        "reason": job.reason,
        **facts,
    }


def _write(job: ExportJob) -> None:
    source = get_export_source(job.kind)
    user = job.requested_by
    options = ExportOptions(fmt=job.fmt, unmasked=job.unmasked, reason=job.reason)
    # The requester's rights as they are now: a role changed since the request counts.
    check_export_allowed(user, unmasked=options.unmasked, reason=options.reason)
    selection, applied = source.select(user, job.params)
    job.filters = applied
    as_of = timezone.now()
    stamp = timezone.localtime(as_of).strftime("%Y%m%d-%H%M%S")
    inner = f"{source.basename}-{stamp}.{job.fmt}"
    tmp = settings.FILE_UPLOAD_TEMP_DIR
    with (
        tempfile.TemporaryFile(dir=tmp) as data,
        tempfile.TemporaryFile(dir=tmp) as packed,
    ):
        count, checksum, event = write_logged_export(
            data,
            request=None,
            user=user,
            rows=source.rows(selection, options.unmasked),
            headers=source.headers,
            options=options,
            subject=source.subject,
            filters={**applied, "background_job": str(job.pk)},
            sheet_title=source.sheet_title or source.basename,
            progress=_progress(job),
        )
        manifest = _manifest(
            job,
            source,
            file=inner,
            row_count=count,
            as_of=timezone.localtime(as_of).isoformat(),
            sha256=checksum,
            access_event=event.pk,
        )
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
            data.seek(0)
            with archive.open(inner, "w", force_zip64=True) as target:
                for block in iter(lambda: data.read(1 << 20), b""):
                    target.write(block)
            archive.writestr(
                "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2)
            )
        packed.seek(0)
        job.file.save(f"{job.pk.hex}.zip", File(packed), save=False)
    now = timezone.now()
    job.filename = f"{source.basename}-{stamp}.zip"
    job.row_count = count
    job.rows_written = count
    job.checksum = checksum
    job.as_of = as_of
    job.access_event = event
    job.status = Status.READY
    job.progress = 100
    job.finished_at = now
    job.expires_at = now + timedelta(hours=settings.EXPORT_LINK_HOURS)
    job.save()
    notify(
        recipients=[user],
        title=_("Your export is ready"),
        body=_(
            "%(count)d rows, data as of %(as_of)s. The link works once, for you only, "
            "until %(expires)s."
        )
        % {
            "count": count,
            "as_of": timezone.localtime(as_of).strftime("%Y-%m-%d %H:%M"),
            "expires": timezone.localtime(job.expires_at).strftime("%Y-%m-%d %H:%M"),
        },
        link=reverse("exports:detail", args=[job.pk]),
    )


def run_export(job_id: str) -> ExportJob:
    """Write a queued export; a job already running or finished is left alone (safe to rerun)."""
    claimed = ExportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING
    )
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if not claimed:
        return job
    with translation.override(settings.LANGUAGE_CODE):
        try:
            _write(job)
        except Exception as error:
            if isinstance(error, ExportError):
                message = error.message
            elif isinstance(error, PermissionDenied):
                message = str(error) or _("Your role may not export records.")
            else:
                logger.exception("Export job %s stopped", job_id)
                message = _(
                    "The export stopped because of an internal error; try again later."
                )
            ExportJob.objects.filter(pk=job_id).update(
                status=Status.FAILED, message=message, finished_at=timezone.now()
            )
            notify(
                recipients=[job.requested_by],
                title=_("Your export failed"),
                body=message,
                link=reverse("exports:detail", args=[job.pk]),
            )
            job.refresh_from_db()
    return job


def export_download(*, user: User, pk: Any) -> FileResponse:
    """The ready file for its requester, once; 404 for anyone else.

    Raises ExportGone (a 404 the page explains) when it was already downloaded or the
    link has expired. The file is deleted from the server as it is handed over.
    """
    job = get_object_or_404(visible_export_jobs(user), pk=pk)
    taken = ExportJob.objects.filter(
        pk=job.pk, status=Status.READY, expires_at__gt=timezone.now()
    ).update(status=Status.DOWNLOADED, downloaded_at=timezone.now())
    if not taken:
        raise ExportGone(_("This export was already downloaded or has expired."))
    handle = job.file.open("rb")
    # The open handle keeps the bytes readable; nothing stays behind on disk.
    job.file.storage.delete(job.file.name)
    response = FileResponse(
        handle, as_attachment=True, filename=job.filename, content_type=ZIP
    )
    response["Cache-Control"] = "no-store"
    response["X-Export-Rows"] = str(job.row_count)
    response["X-Export-SHA256"] = job.checksum
    response["X-Export-Format"] = FORMATS[job.fmt].split(";")[0]
    return response


def expire_exports(*, now=None) -> int:
    """Delete the files of exports past their link's expiry; return how many expired."""
    moment = now or timezone.now()
    expired = 0
    stale = ExportJob.objects.filter(status=Status.READY, expires_at__lte=moment)
    for job in stale.only("pk", "file", "status"):
        changed = ExportJob.objects.filter(pk=job.pk, status=Status.READY).update(
            status=Status.EXPIRED
        )
        if changed and job.file and job.file.storage.exists(job.file.name):
            job.file.storage.delete(job.file.name)
        expired += changed
    _fail_abandoned(moment)
    return expired


def _fail_abandoned(moment) -> None:
    """Jobs still waiting long after a worker would have been stopped end as failed.

    A worker killed mid-export leaves its job "running"; the requester is told to start
    the export again instead of watching a progress bar that never moves.
    """
    cutoff = moment - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 3600)
    abandoned = ExportJob.objects.filter(
        status__in=(Status.QUEUED, Status.RUNNING), created_at__lt=cutoff
    ).select_related("requested_by")
    for job in abandoned:
        message = _("The export did not finish; start it again.")
        if ExportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=Status.FAILED, message=message, finished_at=moment
        ):
            notify(
                recipients=[job.requested_by],
                title=_("Your export failed"),
                body=message,
                link=reverse("exports:detail", args=[job.pk]),
            )
