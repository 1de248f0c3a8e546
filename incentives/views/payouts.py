"""Payout batch pages: list and create, detail with lines and flags, actions, bank files.

The bank file is made by a worker: "Make the bank file" queues it and the detail page
polls its progress; the final approval asks for a current authenticator code.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau import scoping
from incentives import selectors, services
from incentives.filters import BatchFilter
from incentives.forms import BatchCreateForm, FlagForm, ResultUploadForm
from incentives.views._common import paginate, query_without_page, run_service


@permission_required("incentives.view_payoutbatch", raise_exception=True)
@scoping.scoped
def batch_list(request):
    batches = selectors.visible_payout_batches(request.user).select_related("scheme")
    filterset = BatchFilter(request.GET or None, queryset=batches, request=request)
    rows = filterset.qs if filterset.is_bound else filterset.queryset
    return render(
        request,
        "incentives/batch_list.html",
        {
            "form": filterset.form,
            "page": paginate(request, rows.order_by("-period", "-pk")),
            "query": query_without_page(request),
            "create_form": BatchCreateForm(),
        },
    )


@require_POST
@permission_required("incentives.add_payoutbatch", raise_exception=True)
@scoping.scoped
def batch_create(request):
    form = BatchCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a scheme and a period."))
        return redirect("incentives:batch-list")
    made = {}

    def create():
        made["batch"] = services.create_batch(by=request.user, **form.cleaned_data)

    if not run_service(request, create):
        return redirect("incentives:batch-list")
    messages.success(
        request,
        _("Batch built with %(count)d lines.") % {"count": made["batch"].line_count},
    )
    return redirect("incentives:batch-detail", pk=made["batch"].pk)


@permission_required("incentives.view_payoutbatch", raise_exception=True)
@scoping.scoped
def batch_detail(request, pk: int):
    """A batch; township staff see only the lines of their townships."""
    batch = get_object_or_404(
        selectors.visible_payout_batches(request.user).select_related(
            "scheme", "made_by", "approved_by", "follow_up_of"
        ),
        pk=pk,
    )
    lines = (
        selectors.visible_payout_lines(request.user)
        .filter(batch=batch)
        .select_related("village")
        .order_by("pk")
    )
    flags = selectors.visible_result_flags(request.user).filter(
        batch=batch, resolved_by__isnull=True
    )
    return render(
        request,
        "incentives/batch_detail.html",
        {
            "batch": batch,
            "page": paginate(request, lines),
            "flags": flags.select_related("line"),
            "flag_form": FlagForm(),
            "upload_form": ResultUploadForm(),
            "has_file": hasattr(batch, "bank_file"),
            "file_job": services.latest_bank_file_job(batch),
        },
    )


@permission_required("incentives.view_payoutbatch", raise_exception=True)
@scoping.scoped
def bank_file_progress(request, pk: int):
    """Where the bank file stands, polled by htmx; a finished job reloads the page."""
    batch = get_object_or_404(selectors.visible_payout_batches(request.user), pk=pk)
    job = services.latest_bank_file_job(batch)
    if (job is None or not job.is_waiting) and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request, "incentives/_bank_file_job.html", {"batch": batch, "file_job": job}
    )


ACTIONS = {
    "rebuild": services.rebuild_batch,
    "freeze": services.freeze_batch,
    "approve": services.approve_batch,
    "export": services.request_bank_file,
    "reconcile": services.reconcile_batch,
    "close": services.close_batch,
    "follow-up": services.create_follow_up_batch,
}


@require_POST
@permission_required("incentives.view_payoutbatch", raise_exception=True)
@scoping.scoped
def batch_action(request, pk: int, action: str):
    batch = get_object_or_404(selectors.visible_payout_batches(request.user), pk=pk)
    if action not in ACTIONS:
        raise Http404
    result = {}
    # The final approval asks again for a current code of the authenticator app.
    extra = (
        {"otp_code": request.POST.get("otp_code", "")} if action == "approve" else {}
    )

    def act():
        result["value"] = ACTIONS[action](by=request.user, batch=batch, **extra)

    if run_service(request, act):
        messages.success(
            request,
            _("The bank file is being made; this page shows it when it is ready.")
            if action == "export"
            else _("Done."),
        )
        if action == "follow-up":
            return redirect("incentives:batch-detail", pk=result["value"].pk)
    return redirect("incentives:batch-detail", pk=pk)


@require_POST
@permission_required("incentives.change_payoutbatch", raise_exception=True)
@scoping.scoped
def batch_result_upload(request, pk: int):
    """The bank's result file, applied all or nothing."""
    batch = get_object_or_404(selectors.visible_payout_batches(request.user), pk=pk)
    form = ResultUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the bank's result file."))
        return redirect("incentives:batch-detail", pk=pk)
    upload = form.cleaned_data["file"]
    if run_service(
        request,
        lambda: services.import_bank_result_file(
            by=request.user, batch=batch, file=upload, filename=upload.name
        ),
    ):
        messages.success(request, _("Bank result applied."))
    return redirect("incentives:batch-detail", pk=pk)


@permission_required("incentives.change_payoutbatch", raise_exception=True)
@scoping.scoped
def bank_file_download(request, pk: int):
    """The stored bank file, byte for byte; the download is logged with its checksum."""
    batch = get_object_or_404(selectors.visible_payout_batches(request.user), pk=pk)
    try:
        bank_file = services.download_bank_file(
            by=request.user, batch=batch, request=request
        )
    except services.StateError as exc:
        raise Http404(exc.message) from exc
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if bank_file.file_format == "xlsx"
        else f"text/csv; charset={bank_file.encoding}"
    )
    response = HttpResponse(bytes(bank_file.content), content_type=content_type)
    name = f"bank-{batch.scheme.code}-{batch.period}-{batch.pk}.{bank_file.file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response["X-Export-SHA256"] = bank_file.checksum
    return response


@require_POST
@permission_required("incentives.change_bankresultflag", raise_exception=True)
@scoping.scoped
def flag_resolve(request, pk: int):
    flag = get_object_or_404(selectors.visible_result_flags(request.user), pk=pk)
    form = FlagForm(request.POST)
    if form.is_valid():
        if run_service(
            request,
            lambda: services.resolve_flag(
                by=request.user, flag=flag, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Flag settled."))
    else:
        messages.error(request, _("Choose the outcome and say how it was settled."))
    return redirect("incentives:batch-detail", pk=flag.batch_id)
