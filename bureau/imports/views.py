"""The import pages of every kind: upload, job with progress and row report, commit.

An app routes them in its urls.py with its kind, and keeps its URL names:

    path("imports/", views.import_list, {"kind": KIND}, name="import-list"),

The pages link to each other inside the namespace they were reached through
("households:import-detail"), and show the importer's title and labels. The work
runs in bureau.imports.pipeline through its Celery tasks (inline with no broker).
"""

import tempfile
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from bureau import exports, scoping
from bureau.imports.pipeline import (
    can_import,
    choose_valid_only,
    may_choose_valid_only,
    may_commit_import,
    may_import_job,
    start_import,
)
from bureau.imports.recovery import (
    cancel_import,
    may_cancel_import,
    may_retry_import,
    recover_stale_imports,
)
from bureau.imports.registry import get_importer
from bureau.imports.report import write_error_report
from bureau.imports.selectors import visible_import_jobs
from bureau.models import ImportJob
from bureau.tasks import check_import_task, commit_import_task
from bureau.views_base import one_or_404

ERRORS_PER_PAGE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
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

    def __init__(self, *args, importer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = importer.file_label


def _importer(kind: str):
    try:
        return get_importer(kind)
    except KeyError:
        raise Http404("No such import kind.") from None


def _url(request, name: str, *args) -> str:
    namespace = request.resolver_match.namespace
    return reverse(f"{namespace}:{name}" if namespace else name, args=args)


def _context(request, importer, **extra) -> dict:
    return {
        "importer": importer,
        "namespace": request.resolver_match.namespace,
        "can_upload": can_import(request.user, importer.kind),
        **extra,
    }


def _jobs(user, kind: str):
    recover_stale_imports()
    return visible_import_jobs(user, kind=kind).defer("errors")


def _job(request, kind: str, pk: int) -> ImportJob:
    recover_stale_imports()
    return one_or_404(visible_import_jobs(request.user, kind=kind), pk=pk)


@require_http_methods(["GET", "POST"])
@scoping.scoped
def import_upload(request, kind: str):
    """Upload a file of this kind; its dry run starts at once."""
    importer = _importer(kind)
    if not can_import(request.user, kind):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, importer=importer)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_import(
                by=request.user,
                kind=kind,
                file=upload,
                filename=upload.name,
                valid_only=form.cleaned_data["valid_only"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            check_import_task.delay(job.pk)
            return redirect(_url(request, "import-detail", job.pk))
    return render(
        request,
        "imports/upload.html",
        _context(request, importer, form=form, jobs=_jobs(request.user, kind)[:10]),
    )


@scoping.scoped
def import_list(request, kind: str):
    """The user's imports of this kind (every import for auditors)."""
    importer = _importer(kind)
    page = Paginator(_jobs(request.user, kind), 50).get_page(request.GET.get("page"))
    return render(request, "imports/list.html", _context(request, importer, page=page))


def _waiting(request, job: ImportJob) -> bool:
    """Queued or running: a worker has yet to finish what the user asked for."""
    if job.is_running or job.status == ImportJob.Status.UPLOADED:
        return True
    commit_queued = request.GET.get("wait") == "commit"
    return commit_queued and job.status == ImportJob.Status.CHECKED


@scoping.scoped
def import_detail(request, kind: str, pk: int):
    """A job: status, progress while it is queued or runs, then the row report."""
    importer = _importer(kind)
    job = _job(request, kind, pk)
    errors = Paginator(job.errors or [], ERRORS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    waiting = _waiting(request, job)
    return render(
        request,
        "imports/detail.html",
        _context(
            request,
            importer,
            job=job,
            errors=errors,
            waiting=waiting,
            wait=request.GET.get("wait", ""),
            may_commit=not waiting and may_commit_import(request.user, job),
            may_retry=may_retry_import(request.user, job),
            may_cancel=not waiting and may_cancel_import(request.user, job),
            may_choose_valid_only=not waiting
            and may_choose_valid_only(request.user, job),
            valid_rows=job.rows_total - job.rows_invalid,
            blocked=job.status == ImportJob.Status.CHECKED
            and job.rows_invalid > 0
            and not job.valid_only,
        ),
    )


@scoping.scoped
def import_progress(request, kind: str, pk: int):
    """The progress bar alone, polled by htmx; a finished job reloads the page."""
    importer = _importer(kind)
    job = _job(request, kind, pk)
    waiting = _waiting(request, job)
    response = render(
        request,
        "imports/_progress.html",
        _context(
            request,
            importer,
            job=job,
            waiting=waiting,
            wait=request.GET.get("wait", ""),
        ),
    )
    if not waiting and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
    return response


@require_POST
@scoping.scoped
def import_commit(request, kind: str, pk: int):
    """Write a checked file: all rows, or the valid ones (chosen at upload or now)."""
    _importer(kind)
    job = _job(request, kind, pk)
    if not may_import_job(request.user, job):
        raise PermissionDenied
    if request.POST.get("valid_only") and may_choose_valid_only(request.user, job):
        job = choose_valid_only(by=request.user, job=job)
    if not may_commit_import(request.user, job):
        messages.error(request, _("This file cannot be imported in its current state."))
        return redirect(_url(request, "import-detail", job.pk))
    commit_import_task.delay(job.pk)
    return redirect(_url(request, "import-detail", job.pk) + "?wait=commit")


@require_POST
@scoping.scoped
def import_retry(request, kind: str, pk: int):
    """Check a failed file again (a job whose process died, or a corrected reader)."""
    _importer(kind)
    job = _job(request, kind, pk)
    if not may_retry_import(request.user, job):
        raise PermissionDenied
    check_import_task.delay(job.pk)
    return redirect(_url(request, "import-detail", job.pk))


@require_POST
@scoping.scoped
def import_cancel(request, kind: str, pk: int):
    """Cancel an import that is not running: it can no longer be checked or imported."""
    _importer(kind)
    job = _job(request, kind, pk)
    cancel_import(by=request.user, job=job)
    messages.success(request, _("The import was cancelled; nothing was written."))
    return redirect(_url(request, "import-detail", job.pk))


@scoping.scoped
def import_report(request, kind: str, pk: int):
    """The rows with problems as a workbook with an error column (an audited export)."""
    _importer(kind)
    job = _job(request, kind, pk)
    return exports.document_response(
        request=request,
        write=lambda handle: write_error_report(job, handle),
        subject="bureau.importjob",
        object_id=job.pk,
        filename=f"{PurePath(job.filename).stem}-错误报告.xlsx",
        reason=_("Import error report"),
    )


@scoping.scoped
def import_template(request, kind: str):
    """The empty template of this kind (headers, instructions, the user's villages)."""
    importer = _importer(kind)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    importer.write_template_for(handle, user=request.user)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=importer.template_filename,
        content_type=XLSX,
    )
