"""The one import pipeline: upload, dry run with a row report, atomic commit, progress.

Every spreadsheet import goes through here whatever its kind; the kind's
importer (bureau.imports.registry) knows the columns and the rules. A job
runs in the project language, inside an audit context naming the uploader,
the job and the file's SHA-256, so every row the commit writes is traceable
to this upload.
"""

import io
import logging
from contextlib import closing

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from bureau.audit import audit_context
from bureau.imports.base import ImportResult
from bureau.imports.files import (
    check_extension,
    clean_filename,
    estimate_rows,
    spool_upload,
    stored_name,
)
from bureau.imports.registry import get_importer
from bureau.imports.report import RowKeeper, forget_report_rows, keep_report_rows
from bureau.models import ImportJob
from bureau.spreadsheets import TableError, read_rows

logger = logging.getLogger(__name__)

# The job row keeps this many problems; the counts always cover all of them.
MAX_STORED_ERRORS = 10_000
Status = ImportJob.Status
_RUNNING = (Status.CHECKING, Status.COMMITTING)


def can_import(user, kind: str) -> bool:
    """Whether `user`'s role may upload files of this kind."""
    return bool(user.is_authenticated and user.has_perm(get_importer(kind).permission))


def may_import_job(user, job: ImportJob) -> bool:
    """Whether `user` may ever write this upload: its uploader, while their role may."""
    return job.created_by_id == user.pk and can_import(user, job.kind)


def may_commit_import(user, job: ImportJob) -> bool:
    """Whether `user` may write this checked file now.

    Only the uploader, while their role may import the kind, once the dry run
    found something to write and no error blocks it (or the upload chose to
    import the valid rows only).
    """
    return (
        job.status == Status.CHECKED
        and may_import_job(user, job)
        and job.rows_total > job.rows_invalid
        and (job.rows_invalid == 0 or job.valid_only)
    )


def may_choose_valid_only(user, job: ImportJob) -> bool:
    """Whether the uploader may, after the dry run, import only the rows without errors."""
    return (
        job.status == Status.CHECKED
        and not job.valid_only
        and 0 < job.rows_invalid < job.rows_total
        and may_import_job(user, job)
    )


def choose_valid_only(*, by, job: ImportJob) -> ImportJob:
    """Import the valid rows only of a checked file, without uploading it again.

    PermissionDenied unless `may_choose_valid_only`; the commit that follows
    leaves the rows with errors out and reports them again.
    """
    if not may_choose_valid_only(by, job):
        raise PermissionDenied
    changed = ImportJob.objects.filter(
        pk=job.pk, status=Status.CHECKED, valid_only=False
    ).update(valid_only=True, updated_at=timezone.now())
    if not changed:
        raise PermissionDenied
    job.refresh_from_db()
    return job


def start_import(
    *, by, kind: str, file, filename: str, valid_only: bool = False
) -> ImportJob:
    """Store an upload privately and create its job (status "uploaded").

    Refuses, with a ValidationError the user can read, types other than
    .xlsx/.xls/.csv and files over IMPORT_MAX_UPLOAD_MB; PermissionDenied when
    `by` may not import this kind. Nothing is read or checked yet: call
    check_import() (or its task) next.
    """
    if not can_import(by, kind):
        raise PermissionDenied
    name = clean_filename(filename)
    extension = check_extension(name)
    copy, sha256 = spool_upload(file)
    job = ImportJob(
        kind=kind,
        created_by=by,
        filename=name,
        sha256=sha256,
        valid_only=valid_only,
    )
    with copy:
        job.file.save(stored_name(extension), copy, save=False)
    job.save()
    return job


def _claim(job_id: int, *, allowed: tuple[str, ...], to: str) -> bool:
    """Move the job to `to` if it is in one of `allowed`: a second run is a no-op."""
    return bool(
        ImportJob.objects.filter(pk=job_id, status__in=allowed).update(
            status=to, progress=0, message="", updated_at=timezone.now()
        )
    )


def check_import(job_id: int) -> ImportJob:
    """Dry run: check every row and store the row report; nothing is written.

    Ends "checked" (with or without errors) or "failed" when the file cannot be
    read at all (wrong type, empty, wrong headers). A running or imported job
    is returned unchanged; a failed one is checked again.
    """
    if not _claim(
        job_id,
        allowed=(Status.UPLOADED, Status.CHECKED, Status.FAILED),
        to=Status.CHECKING,
    ):
        return ImportJob.objects.get(pk=job_id)
    return _run(ImportJob.objects.get(pk=job_id), dry_run=True)


def commit_import(job_id: int) -> ImportJob:
    """Check the file again and write it in one transaction.

    All-or-nothing unless the job says valid_only: any error leaves the
    register untouched and the job "failed" with its row report. With
    valid_only the valid rows are written and the others reported. A job
    that is running or finished is returned unchanged, so retrying is safe.
    """
    if not _claim(
        job_id, allowed=(Status.UPLOADED, Status.CHECKED), to=Status.COMMITTING
    ):
        return ImportJob.objects.get(pk=job_id)
    return _run(ImportJob.objects.get(pk=job_id), dry_run=False)


class _ProgressWriter:
    """Writes progress to the job row with one short UPDATE per chunk."""

    def __init__(self, job_id: int, *, end: int) -> None:
        self.job_id = job_id
        self.end = end
        self.estimate = 0
        self.last = -1

    def __call__(self, done: int) -> None:
        share = min(done / self.estimate, 1.0) if self.estimate else 0.0
        percent = min(int(share * self.end), self.end - 1) if self.end else 0
        ImportJob.objects.filter(pk=self.job_id).update(
            progress=max(percent, 0), rows_total=done, updated_at=timezone.now()
        )
        self.last = percent


def _summary(importer, result: ImportResult, *, dry_run: bool) -> str:
    if dry_run:
        text = gettext(
            "%(total)d rows checked: %(valid)d valid, %(invalid)d with errors."
        ) % {
            "total": result.rows_total,
            "valid": result.rows_valid,
            "invalid": result.rows_invalid,
        }
    elif result.committed:
        text = importer.commit_summary(result)
        if result.rows_invalid:
            text += " " + ngettext(
                "%(count)d row with errors was left out.",
                "%(count)d rows with errors were left out.",
                result.rows_invalid,
            ) % {"count": result.rows_invalid}
    else:
        text = gettext(
            "Nothing was imported: %(invalid)d rows have errors. Correct them and "
            "upload the file again, or choose to import the valid rows only."
        ) % {"invalid": result.rows_invalid}
    if len(result.errors) > MAX_STORED_ERRORS:
        text += " " + gettext("Only the first %(count)d problems are listed.") % {
            "count": MAX_STORED_ERRORS
        }
    return text


def _kept(errors: list) -> list:
    """At most MAX_STORED_ERRORS problems, errors before warnings, in row order."""
    blocking = [e for e in errors if not e.warning][:MAX_STORED_ERRORS]
    room = MAX_STORED_ERRORS - len(blocking)
    warnings = [e for e in errors if e.warning][:room]
    return sorted(blocking + warnings, key=lambda e: e.row)


def _finish(job: ImportJob, *, status: str, message: str, result=None) -> ImportJob:
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    job.progress = 100
    fields = ["status", "message", "finished_at", "progress", "updated_at"]
    if result is not None:
        job.rows_total = result.rows_total
        job.rows_invalid = result.rows_invalid
        job.rows_created = result.rows_created
        job.rows_updated = result.rows_updated
        job.rows_unchanged = result.rows_unchanged
        job.errors = [e.as_dict() for e in _kept(result.errors)]
        fields += [
            "rows_total",
            "rows_invalid",
            "rows_created",
            "rows_updated",
            "rows_unchanged",
            "errors",
        ]
    elif status == Status.FAILED:
        job.errors = []
        fields.append("errors")
    job.save(update_fields=fields)
    return job


def _run(job: ImportJob, *, dry_run: bool) -> ImportJob:
    importer = get_importer(job.kind)
    progress = _ProgressWriter(job.pk, end=100 if dry_run else 90)
    context = {"user": job.created_by_id, "import_job": job.pk}
    context["file_sha256"] = job.sha256
    keeper = RowKeeper()
    with (
        translation.override(settings.LANGUAGE_CODE),
        audit_context(**context),
        closing(keeper),
    ):
        try:
            with job.file.open("rb") as handle:
                data = handle.read()
            progress.estimate = estimate_rows(data, filename=job.filename)
            rows = read_rows(
                io.BytesIO(data), filename=job.filename, columns=importer.columns
            )
            del data
            result = importer.run(
                keeper.watch(rows),
                by=job.created_by,
                valid_only=job.valid_only,
                dry_run=dry_run,
                progress=progress,
            )
            keep_report_rows(job, keeper, _kept(result.errors))
        except TableError as error:
            forget_report_rows(job)
            return _finish(job, status=Status.FAILED, message=error.message)
        except Exception:
            logger.exception("Import job %s stopped", job.pk)
            _finish(
                job,
                status=Status.FAILED,
                message=gettext(
                    "The import stopped because of an internal error; nothing was "
                    "written. Try again later or tell the administrator."
                ),
            )
            raise
        status = (
            Status.CHECKED
            if dry_run
            else Status.DONE
            if result.committed
            else Status.FAILED
        )
        return _finish(
            job,
            status=status,
            message=_summary(importer, result, dry_run=dry_run),
            result=result,
        )
