"""Entitlement pages: list, detail with accounts, and the proposed changes to confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau import scoping
from incentives import selectors, services
from incentives.filters import EntitlementFilter
from incentives.forms import BankAccountForm, ReasonForm
from incentives.models import EntitlementChange
from incentives.views._common import paginate, query_without_page, run_service


def _entitlements(request):
    return selectors.visible_entitlements(request.user).select_related(
        "scheme", "person", "payee", "village"
    )


@permission_required("incentives.view_entitlement", raise_exception=True)
@scoping.scoped
def entitlement_list(request):
    filterset = EntitlementFilter(
        request.GET or None, queryset=_entitlements(request), request=request
    )
    rows = filterset.qs if filterset.is_bound else filterset.queryset
    return render(
        request,
        "incentives/entitlement_list.html",
        {
            "form": filterset.form,
            "page": paginate(request, rows.order_by("village__code", "pk")),
            "query": query_without_page(request),
        },
    )


@permission_required("incentives.view_entitlement", raise_exception=True)
@scoping.scoped
def entitlement_detail(request, pk: int):
    entitlement = get_object_or_404(_entitlements(request), pk=pk)
    accounts = selectors.visible_bank_accounts(request.user).filter(
        person=entitlement.payee, scheme=entitlement.scheme
    )
    return render(
        request,
        "incentives/entitlement_detail.html",
        {
            "entitlement": entitlement,
            "accounts": accounts,
            "account_form": BankAccountForm(
                initial={"holder_name": entitlement.payee.name}
            ),
            "lines": entitlement.lines.select_related("batch").order_by(
                "-period", "-pk"
            )[:24],
            "changes": entitlement.changes.all(),
        },
    )


@require_POST
@permission_required("incentives.change_entitlement", raise_exception=True)
@scoping.scoped
def entitlement_action(request, pk: int, action: str):
    entitlement = get_object_or_404(_entitlements(request), pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("comment", "")
    calls = {
        "suspend": lambda: services.suspend_entitlement(
            by=request.user, entitlement=entitlement, reason=reason
        ),
        "resume": lambda: services.resume_entitlement(
            by=request.user, entitlement=entitlement, reason=reason
        ),
        "terminate": lambda: services.terminate_entitlement(
            by=request.user,
            entitlement=entitlement,
            reason=reason,
            effective_on=timezone.localdate(),
        ),
    }
    if action not in calls:
        raise Http404
    if run_service(request, calls[action]):
        messages.success(request, _("Done."))
    return redirect("incentives:entitlement-detail", pk=pk)


@require_POST
@permission_required("incentives.add_bankaccount", raise_exception=True)
@scoping.scoped
def account_record(request, pk: int):
    """Record the payee's card (in their own name); the old one stays as history."""
    entitlement = get_object_or_404(_entitlements(request), pk=pk)
    form = BankAccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in the account type, number, name and bank."))
        return redirect("incentives:entitlement-detail", pk=pk)
    saved = {}

    def record():
        saved["account"] = services.record_bank_account(
            by=request.user,
            person=entitlement.payee,
            scheme=entitlement.scheme,
            **form.cleaned_data,
        )

    if run_service(request, record):
        messages.success(request, _("Account recorded."))
        if saved["account"].luhn_warning:
            messages.warning(
                request,
                _(
                    "The number fails the Luhn check. Some real cards do; check it on the card."
                ),
            )
    return redirect("incentives:entitlement-detail", pk=pk)


@require_POST
@permission_required("incentives.reveal_bankaccount", raise_exception=True)
@scoping.scoped
def account_reveal(request, pk: int):
    """Show a full account number once, with a stated reason; the read is logged."""
    account = get_object_or_404(selectors.visible_bank_accounts(request.user), pk=pk)
    reason = request.POST.get("reason", "")
    shown = {}

    def reveal():
        shown["number"] = services.reveal_bank_account(
            by=request.user, account=account, reason=reason, request=request
        )

    if run_service(request, reveal):
        messages.info(
            request, _("Account number: %(number)s") % {"number": shown["number"]}
        )
    entitlement = (
        selectors.visible_entitlements(request.user)
        .filter(payee=account.person, scheme=account.scheme)
        .first()
    )
    if entitlement is None:
        return redirect("incentives:entitlement-list")
    return redirect("incentives:entitlement-detail", pk=entitlement.pk)


@permission_required("incentives.view_entitlementchange", raise_exception=True)
@scoping.scoped
def change_list(request):
    """Changes the nightly job proposed from the register, waiting for a person."""
    changes = (
        selectors.visible_entitlement_changes(request.user)
        .filter(status=EntitlementChange.Status.PROPOSED)
        .select_related(
            "entitlement__person", "entitlement__scheme", "entitlement__village"
        )
        .order_by("effective_on", "pk")
    )
    return render(
        request, "incentives/change_list.html", {"page": paginate(request, changes)}
    )


@require_POST
@permission_required("incentives.change_entitlementchange", raise_exception=True)
@scoping.scoped
def change_decide(request, pk: int):
    change = get_object_or_404(
        selectors.visible_entitlement_changes(request.user), pk=pk
    )
    confirm = request.POST.get("decision") == "confirm"
    if run_service(
        request,
        lambda: services.decide_entitlement_change(
            by=request.user,
            change=change,
            confirm=confirm,
            note=request.POST.get("note", ""),
        ),
    ):
        messages.success(request, _("Decision recorded."))
    return redirect("incentives:change-list")
