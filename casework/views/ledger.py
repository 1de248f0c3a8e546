"""A 两非 case's ledger on its page: parties, decision and penalties, payments, items, rewards.

Every write goes through casework.services; a refusal comes back as a message naming
the field or the state, and nothing is half-written (each service is one transaction).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau import scoping
from bureau.views_base import visible_or_404
from casework import selectors, services
from casework.forms import (
    DecisionForm,
    DisposeForm,
    ExtensionRequestForm,
    PartyForm,
    PaymentForm,
    RewardForm,
    SeizedItemForm,
    ServiceForm,
)
from casework.models import Case, Decision
from casework.views._common import case_of, form_errors_as_messages, run_service
from casework.workflow import Kind


def _party_rows(case: Case) -> list[dict]:
    return [
        {
            "link": link,
            "party": link.party,
            "prior": list(selectors.prior_violations(link.party, before=case)[:10]),
        }
        for link in selectors.case_parties(case)
    ]


def _penalty_rows(user, case: Case) -> list[dict]:
    rows = []
    for penalty in selectors.case_penalties(case):
        paid = penalty.is_paid_type and penalty.decision.served_on is not None
        rows.append(
            {
                "penalty": penalty,
                "account": services.penalty_account(penalty) if paid else None,
                "payments": list(penalty.payments.all()),
                "can_pay": services.may_record_payment(user, penalty),
            }
        )
    return rows


def ledger_context(user, case: Case) -> dict:
    """What the case page shows of the ledger, and which forms this user may use."""
    context = {
        "lead": getattr(case, "lead", None),
        "extension_form": ExtensionRequestForm()
        if services.may_request_extension(user, case)
        else None,
    }
    if case.kind != Kind.LIANGFEI:
        return context
    decision = Decision.objects.filter(case=case).first()
    context.update(
        {
            "parties": _party_rows(case),
            "decision": decision,
            "penalties": _penalty_rows(user, case) if decision else [],
            "items": list(case.seized_items.order_by("seized_on", "pk")),
            "rewards": list(case.rewards.select_related("approved_by")),
            "party_form": PartyForm(user=user)
            if services.may_add_party(user, case)
            else None,
            "decision_form": DecisionForm()
            if services.may_record_decision(user, case)
            else None,
            "service_form": ServiceForm()
            if services.may_record_service(user, case)
            else None,
            "payment_form": PaymentForm(),
            "item_form": SeizedItemForm()
            if services.may_register_item(user, case)
            else None,
            "dispose_form": DisposeForm()
            if user.has_perm("casework.change_seizeditem")
            else None,
            "reward_form": RewardForm()
            if services.may_record_reward(user, case)
            else None,
        }
    )
    return context


def _post(request, case: Case, form, call, done: str):
    if not form.is_valid():
        form_errors_as_messages(request, form)
    elif run_service(request, lambda: call(form.cleaned_data)):
        messages.success(request, done)
    return redirect("casework:case-detail", pk=case.pk)


@require_POST
@permission_required("casework.add_caseparty", raise_exception=True)
@scoping.scoped
def party_add(request, pk: int):
    """Name a provider or practitioner as a party (a new provider is created first)."""
    case = case_of(request, pk)

    def add(data):
        provider = data["provider"]
        if data["new_name"]:
            provider = services.create_provider(
                by=request.user,
                township=case.township,
                kind=data["new_kind"],
                name=data["new_name"],
                credit_code=data["new_credit_code"],
                licence_number=data["new_licence_number"],
                address=data["new_address"],
            )
        services.add_party(
            by=request.user,
            case=case,
            provider=provider,
            practitioner=data["practitioner"],
            role=data["role"],
        )

    form = PartyForm(request.POST, user=request.user)
    return _post(request, case, form, add, _("Party added."))


@require_POST
@permission_required("casework.add_decision", raise_exception=True)
@scoping.scoped
def decision_record(request, pk: int):
    """The decision with its penalties; the case moves to "decided"."""
    case = case_of(request, pk)
    form = DecisionForm(request.POST)

    def record(data):
        services.record_decision(
            by=request.user,
            case=case,
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            penalties=form.penalties(),
            document_number=data["document_number"],
            grounds=data["grounds"],
            **form.hearing(),
        )

    return _post(request, case, form, record, _("Decision recorded."))


@require_POST
@permission_required("casework.change_decision", raise_exception=True)
@scoping.scoped
def service_record(request, pk: int):
    """The decision was served: fines fall due 15 days later; the case is "served"."""
    case = case_of(request, pk)
    form = ServiceForm(request.POST)

    def record(data):
        services.record_service(by=request.user, case=case, served_on=data["served_on"])

    return _post(request, case, form, record, _("Service recorded."))


@require_POST
@permission_required("casework.add_finepayment", raise_exception=True)
@scoping.scoped
def payment_record(request, pk: int):
    """Money paid towards one fine or confiscated income (`pk` is the penalty)."""
    penalty = visible_or_404(
        selectors.visible_penalties, request.user, pk=pk, related=["decision__case"]
    )
    case = penalty.decision.case
    form = PaymentForm(request.POST)

    def record(data):
        services.record_payment(
            by=request.user,
            penalty=penalty,
            paid_on=data["paid_on"],
            amount=data["amount"],
            receipt_number=data["receipt_number"],
        )

    return _post(request, case, form, record, _("Payment recorded."))


@require_POST
@permission_required("casework.add_seizeditem", raise_exception=True)
@scoping.scoped
def item_register(request, pk: int):
    """An item held or confiscated, with its seal and storage."""
    case = case_of(request, pk)
    form = SeizedItemForm(request.POST)

    def record(data):
        services.register_seized_item(by=request.user, case=case, **data)

    return _post(request, case, form, record, _("Item registered."))


@require_POST
@permission_required("casework.change_seizeditem", raise_exception=True)
@scoping.scoped
def item_dispose(request, pk: int):
    """Return, destroy, auction or hand over a held item (`pk` is the item)."""
    item = visible_or_404(selectors.visible_seized_items, request.user, pk=pk)
    form = DisposeForm(request.POST)

    def record(data):
        services.dispose_item(by=request.user, item=item, **data)

    return _post(request, item.case, form, record, _("Disposal recorded."))


@require_POST
@permission_required("casework.add_reporterreward", raise_exception=True)
@scoping.scoped
def reward_record(request, pk: int):
    """A reward paid to the case's sealed reporter, approved by the head of the bureau."""
    case = case_of(request, pk)
    form = RewardForm(request.POST)

    def record(data):
        services.record_reward(by=request.user, case=case, **data)

    return _post(request, case, form, record, _("Reward recorded."))


@require_POST
@permission_required("casework.change_case", raise_exception=True)
@scoping.scoped
def extension_request(request, pk: int):
    """Ask the head of the bureau to extend a petition's time limit, with the reason."""
    case = case_of(request, pk)
    form = ExtensionRequestForm(request.POST)

    def record(data):
        services.request_extension(by=request.user, case=case, reason=data["reason"])

    return _post(
        request, case, form, record, _("Extension requested; the chief decides.")
    )
