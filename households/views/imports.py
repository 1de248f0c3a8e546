"""Register spreadsheet import pages: upload, job with progress and row report, commit.

The work runs in bureau.imports (the one import pipeline) through its Celery
tasks; with no broker configured they run inline during the request.
"""

import hashlib
import tempfile
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from bureau import scoping
from bureau.imports import (
    can_import,
    get_importer,
    start_import,
    visible_import_jobs,
    write_error_report,
)
from bureau.models import AccessEvent, ImportJob
from bureau.services import record_access
from bureau.tasks import check_import_task, commit_import_task
from households.importing import KIND

ERRORS_PER_PAGE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Register file"),
        help_text=gettext_lazy(
            "Excel (.xlsx, .xls) or CSV, filled in on the template."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )
    valid_only = forms.BooleanField(
        label=gettext_lazy("Import the valid rows only"),
        required=False,
        help_text=gettext_lazy(
            "Off: one row with an error stops the whole file and nothing is written."
        ),
    )


def _jobs(user):
    return visible_import_jobs(user).filter(kind=KIND).defer("errors")


def _job(request, pk: int) -> ImportJob:
    return get_object_or_404(visible_import_jobs(request.user).filter(kind=KIND), pk=pk)


def _may_commit(user, job: ImportJob) -> bool:
    return (
        job.status == ImportJob.Status.CHECKED
        and job.created_by_id == user.pk
        and can_import(user, KIND)
        and job.rows_total > job.rows_invalid
        and (job.rows_invalid == 0 or job.valid_only)
    )


@require_http_methods(["GET", "POST"])
@scoping.scoped
def import_upload(request):
    """Upload a register file; its dry run starts at once."""
    if not can_import(request.user, KIND):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_import(
                by=request.user,
                kind=KIND,
                file=upload,
                filename=upload.name,
                valid_only=form.cleaned_data["valid_only"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            check_import_task.delay(job.pk)
            return redirect("households:import-detail", pk=job.pk)
    return render(
        request,
        "households/imports/upload.html",
        {"form": form, "jobs": _jobs(request.user)[:10]},
    )


@scoping.scoped
def import_list(request):
    """The user's register imports (every import for auditors)."""
    page = Paginator(_jobs(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "households/imports/list.html",
        {"page": page, "can_upload": can_import(request.user, KIND)},
    )


def _waiting(request, job: ImportJob) -> bool:
    """Queued or running: a worker has yet to finish what the user asked for."""
    if job.is_running or job.status == ImportJob.Status.UPLOADED:
        return True
    commit_queued = request.GET.get("wait") == "commit"
    return commit_queued and job.status == ImportJob.Status.CHECKED


@scoping.scoped
def import_detail(request, pk: int):
    """A job: status, progress while it is queued or runs, then the row report."""
    job = _job(request, pk)
    errors = Paginator(job.errors or [], ERRORS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    waiting = _waiting(request, job)
    return render(
        request,
        "households/imports/detail.html",
        {
            "job": job,
            "errors": errors,
            "waiting": waiting,
            "wait": request.GET.get("wait", ""),
            "may_commit": not waiting and _may_commit(request.user, job),
            "blocked": job.status == ImportJob.Status.CHECKED
            and job.rows_invalid > 0
            and not job.valid_only,
        },
    )


@scoping.scoped
def import_progress(request, pk: int):
    """The progress bar alone, polled by htmx; a finished job reloads the page."""
    job = _job(request, pk)
    waiting = _waiting(request, job)
    response = render(
        request,
        "households/imports/_progress.html",
        {"job": job, "waiting": waiting, "wait": request.GET.get("wait", "")},
    )
    if not waiting and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
    return response


@require_POST
@scoping.scoped
def import_commit(request, pk: int):
    """Write a checked file (all rows, or the valid ones if the upload said so)."""
    job = _job(request, pk)
    if job.created_by_id != request.user.pk or not can_import(request.user, KIND):
        raise PermissionDenied
    if not _may_commit(request.user, job):
        messages.error(request, _("This file cannot be imported in its current state."))
        return redirect("households:import-detail", pk=job.pk)
    commit_import_task.delay(job.pk)
    detail = reverse("households:import-detail", args=[job.pk])
    return redirect(f"{detail}?wait=commit")


@scoping.scoped
def import_report(request, pk: int):
    """The rows with problems as a workbook with an error column (an audited export)."""
    job = _job(request, pk)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    count = write_error_report(job, handle)
    handle.seek(0)
    digest = hashlib.file_digest(handle, "sha256").hexdigest()
    handle.seek(0)
    record_access(
        request=request,
        user=request.user,
        kind=AccessEvent.Kind.EXPORT,
        subject="bureau.importjob",
        object_id=job.pk,
        reason=_("Import error report"),
        row_count=count,
        checksum=digest,
    )
    name = f"{PurePath(job.filename).stem}-错误报告.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)


@scoping.public
def import_template(request):
    """The empty register template (headers and filling instructions, no resident data)."""
    importer = get_importer(KIND)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    importer.write_template(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=importer.template_filename,
        content_type=XLSX,
    )
