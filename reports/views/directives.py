"""Directive pages: list, create, items, issue, sign-off, publish, revise; ledger; cards."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bureau import scoping
from bureau.attachments import attachments_of
from bureau.views_base import add_service_errors, paginate, visible_or_404
from reports import selectors, services
from reports.forms import (
    DecisionForm,
    DirectiveForm,
    EvidenceForm,
    ItemForm,
    ReasonForm,
)
from reports.models import LedgerEntry

VIEW = "reports.view_directive"


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@permission_required(VIEW, raise_exception=True)
@scoping.scoped
def directive_list(request):
    """Every month's directive the user may see, newest first."""
    directives = selectors.visible_directives(request.user).order_by("-month")
    return render(
        request, "reports/directive_list.html", {"page": paginate(request, directives)}
    )


@permission_required("reports.add_directive", raise_exception=True)
@scoping.scoped
def directive_create(request):
    """The chief drafts a month's directive."""
    form = DirectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            directive = services.create_directive(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("reports:directive-detail", directive.pk)
    return render(request, "reports/directive_form.html", {"form": form})


@permission_required(VIEW, raise_exception=True)
@scoping.scoped
def directive_detail(request, pk: int):
    """Items, the townships' sign-off, and the actions the month's state allows."""
    directive = visible_or_404(selectors.visible_directives, request.user, pk=pk)
    form = ItemForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("reports.add_directiveitem"):
            return redirect("reports:directive-detail", pk)
        if form.is_valid():
            try:
                services.add_item(
                    by=request.user, directive=directive, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Item added."))
                return redirect("reports:directive-detail", pk)
    return render(
        request,
        "reports/directive_detail.html",
        {
            "directive": directive,
            "items": directive.items.all(),
            "form": form,
            "receipts": selectors.visible_receipts(request.user).filter(
                directive=directive
            ),
            "publications": directive.publications.select_related(
                "run", "published_by"
            ),
            "provisional": directive.runs.filter(is_current=True).first(),
            "reason_form": ReasonForm(),
        },
    )


@require_POST
@permission_required("reports.change_directive", raise_exception=True)
@scoping.scoped
def directive_issue(request, pk: int):
    directive = visible_or_404(selectors.visible_directives, request.user, pk=pk)
    try:
        services.issue_directive(by=request.user, directive=directive)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The directive was issued to every township."))
    return redirect("reports:directive-detail", pk)


@require_POST
@permission_required("reports.publish_directive", raise_exception=True)
@scoping.scoped
def directive_publish(request, pk: int):
    """The chief approves the provisional ranking; the month is then frozen."""
    directive = visible_or_404(selectors.visible_directives, request.user, pk=pk)
    try:
        services.publish_month(by=request.user, directive=directive)
    except ValidationError as error:
        _errors(request, error)
        return redirect("reports:directive-detail", pk)
    messages.success(request, _("The ranking was published."))
    return redirect(f"{reverse('reports:ranking')}?month={directive.month:%Y-%m}")


@require_POST
@permission_required("reports.publish_directive", raise_exception=True)
@scoping.scoped
def directive_revise(request, pk: int):
    """A correction to a published month: a new version with a reason."""
    directive = visible_or_404(selectors.visible_directives, request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("State the reason for the revision."))
        return redirect("reports:directive-detail", pk)
    try:
        publication = services.revise_month(
            by=request.user, directive=directive, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("Version %(version)s published.") % {"version": publication.version},
        )
    return redirect("reports:directive-detail", pk)


@require_POST
@permission_required("reports.sign_receipt", raise_exception=True)
@scoping.scoped
def receipt_sign(request, pk: int):
    """The township signs for a directive (签收)."""
    receipt = visible_or_404(selectors.visible_receipts, request.user, pk=pk)
    services.sign_receipt(by=request.user, receipt=receipt)
    messages.success(request, _("Signed for the directive."))
    return redirect("reports:receipt-detail", receipt.pk)


@permission_required("reports.view_receipt", raise_exception=True)
@scoping.scoped
def receipt_list(request):
    """The directives issued to the user's townships, with their sign-off."""
    receipts = selectors.visible_receipts(request.user).order_by(
        "-directive__month", "township_id"
    )
    return render(
        request, "reports/receipt_list.html", {"page": paginate(request, receipts)}
    )


@permission_required("reports.view_receipt", raise_exception=True)
@scoping.scoped
def receipt_detail(request, pk: int):
    """A township's copy of a directive: the items, its tasks, and the sign-off."""
    receipt = visible_or_404(selectors.visible_receipts, request.user, pk=pk)
    return render(
        request,
        "reports/receipt_detail.html",
        {
            "receipt": receipt,
            "directive": receipt.directive,
            "items": receipt.directive.items.all(),
            "ledger": selectors.visible_ledger_entries(request.user).filter(
                township_id=receipt.township_id, item__directive=receipt.directive
            ),
        },
    )


LEDGER_VIEWS = {
    "open": gettext_lazy("Open (daily dispatch)"),
    "overdue": gettext_lazy("Overdue"),
    "week": gettext_lazy("Closed this week"),
    "all": gettext_lazy("All"),
}


@permission_required("reports.view_ledgerentry", raise_exception=True)
@scoping.scoped
def ledger(request):
    """The township ledger (挂账销号): open tasks by due date for the daily dispatch,
    overdue ones, and those crossed off this week for the weekly closing."""
    view = request.GET.get("view", "open")
    view = view if view in LEDGER_VIEWS else "open"
    today = timezone.localdate()
    entries = selectors.visible_ledger_entries(request.user)
    if view == "open":
        entries = entries.filter(status=LedgerEntry.Status.OPEN)
    elif view == "overdue":
        entries = entries.filter(status=LedgerEntry.Status.OPEN, due_on__lt=today)
    elif view == "week":
        monday = today - datetime.timedelta(days=today.weekday())
        entries = entries.filter(
            status=LedgerEntry.Status.CLOSED, closed_at__date__gte=monday
        )
    entries = entries.order_by("status", "due_on", "township_id", "pk")
    return render(
        request,
        "reports/ledger.html",
        {"page": paginate(request, entries), "view": view, "views": LEDGER_VIEWS},
    )


@permission_required("reports.view_ledgerentry", raise_exception=True)
@scoping.scoped
def ledger_entry(request, pk: int):
    """One task: its evidence and attachments; the township crosses it off here."""
    entry = visible_or_404(selectors.visible_ledger_entries, request.user, pk=pk)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not request.user.has_perm("reports.change_ledgerentry"):
            return redirect("reports:ledger-entry", pk)
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            try:
                services.close_ledger_entry(
                    by=request.user,
                    entry=entry,
                    evidence=form.cleaned_data["evidence"],
                    file=upload,
                    filename=upload.name if upload else "",
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The task was crossed off."))
                return redirect("reports:ledger-entry", pk)
    return render(
        request,
        "reports/ledger_entry.html",
        {
            "entry": entry,
            "form": form,
            "attachments": attachments_of(request.user, entry),
        },
    )


@permission_required("reports.view_yellowcard", raise_exception=True)
@scoping.scoped
def yellowcard_list(request):
    """Proposals and decisions; the chief decides each proposal with a note."""
    page = paginate(request, selectors.visible_yellow_cards(request.user))
    return render(
        request,
        "reports/yellowcard_list.html",
        {
            "page": page,
            "form": DecisionForm(),
            "formal_talk": selectors.formal_talk_due(page.object_list),
        },
    )


@require_POST
@permission_required("reports.decide_yellowcard", raise_exception=True)
@scoping.scoped
def yellowcard_decide(request, pk: int):
    card = visible_or_404(selectors.visible_yellow_cards, request.user, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and record the reason."))
        return redirect("reports:yellowcard-list")
    try:
        services.decide_yellow_card(
            by=request.user,
            card=card,
            issue=form.cleaned_data["decision"] == "issue",
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("reports:yellowcard-list")


@require_POST
@permission_required("reports.change_yellowcard", raise_exception=True)
@scoping.scoped
def yellowcard_plan(request, pk: int):
    """The township hands in its rectification plan for an issued card."""
    card = visible_or_404(selectors.visible_yellow_cards, request.user, pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Attach the rectification plan."))
        return redirect("reports:yellowcard-list")
    try:
        services.receive_rectification_plan(
            by=request.user, card=card, file=upload, filename=upload.name
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Rectification plan received."))
    return redirect("reports:yellowcard-list")
