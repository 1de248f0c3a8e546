"""Background export pages: the requester's jobs, one job with its progress, the download."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bureau import export_jobs, scoping
from bureau.views_base import visible_or_404


def _job(request, pk):
    return visible_or_404(export_jobs.visible_export_jobs, request.user, pk=pk)


@require_GET
@scoping.scoped
def export_list(request):
    """The user's own background exports, newest first."""
    page = Paginator(export_jobs.visible_export_jobs(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "bureau/export_list.html", {"page": page})


@require_GET
@scoping.scoped
def export_detail(request, pk):
    """One export: progress while it runs, then its manifest and the download."""
    return render(request, "bureau/export_detail.html", {"job": _job(request, pk)})


@require_GET
@scoping.scoped
def export_progress(request, pk):
    """The progress bar alone, polled by htmx; a finished job reloads the page."""
    job = _job(request, pk)
    if not job.is_waiting and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "bureau/_export_progress.html", {"job": job})


@require_GET
@scoping.scoped
def export_download(request, pk):
    """The file, once, for its requester; 404 for anyone else; 410 once gone."""
    try:
        return export_jobs.export_download(user=request.user, pk=pk)
    except export_jobs.ExportGone:
        return render(
            request,
            "bureau/export_detail.html",
            {"job": _job(request, pk), "gone": True},
            status=410,
        )
