"""Corrections of core facts: the list, raising one, approving or rejecting it."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau import scoping
from bureau.filters import filter_list
from bureau.views_base import add_service_errors, paginate, visible_or_404
from households import selectors, services
from households.filters import CorrectionFilter
from households.forms import CorrectionDecisionForm, CorrectionForm
from households.models import Correction
from households.views._display import describe_changes
from households.views.persons import visible_person


@permission_required("households.view_correction", raise_exception=True)
@scoping.scoped
def correction_list(request):
    """Corrections of persons the user may see, pending ones first."""
    filters, corrections = filter_list(
        CorrectionFilter, request, selectors.visible_corrections(request.user)
    )
    corrections = corrections.select_related(
        "person__household__village", "raised_by", "decided_by"
    ).order_by(
        Case(
            When(status=Correction.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        "-raised_at",
        "-pk",
    )
    page = paginate(request, corrections)
    describe_changes(page.object_list, user=request.user)
    for correction in page.object_list:
        correction.can_decide = services.may_approve_correction(
            request.user, correction
        )
        correction.can_withdraw = services.may_withdraw_correction(
            request.user, correction
        )
    return render(
        request,
        "households/correction_list.html",
        {"form": filters.form, "page": page, "query": filters.query},
    )


@permission_required("households.view_correction", raise_exception=True)
@scoping.scoped
def correction_detail(request, pk: int):
    correction = visible_or_404(
        selectors.visible_corrections,
        request.user,
        pk=pk,
        related=("person__household__village", "raised_by", "decided_by"),
    )
    describe_changes([correction], user=request.user)
    correction.can_decide = services.may_approve_correction(request.user, correction)
    correction.can_withdraw = services.may_withdraw_correction(request.user, correction)
    return render(
        request, "households/correction_detail.html", {"correction": correction}
    )


@permission_required("households.add_correction", raise_exception=True)
@scoping.scoped
def correction_create(request, pk: int):
    """Raise a correction of a person's name, ID number, sex or birth date."""
    person = visible_person(request.user, pk)
    form = CorrectionForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.raise_correction(
                by=request.user,
                person=person,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The correction was raised and waits for approval; the record "
                    "changes once it is approved."
                ),
            )
            return redirect("households:person-detail", pk=person.pk)
    return render(
        request,
        "households/correction_form.html",
        {"form": form, "person": person},
    )


@require_POST
@permission_required("households.approve_correction", raise_exception=True)
@scoping.scoped
def correction_decide(request, pk: int):
    """Approve (apply) or reject a pending correction raised by someone else."""
    correction = visible_or_404(
        selectors.visible_corrections, request.user, pk=pk, related=("person",)
    )
    form = CorrectionDecisionForm(request.POST)
    # Who may approve or withdraw is the service's rule (PermissionDenied -> 403).
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_correction(by=request.user, correction=correction)
                messages.success(request, _("Correction approved and applied."))
            else:
                services.reject_correction(
                    by=request.user,
                    correction=correction,
                    note=form.cleaned_data["note"],
                )
                messages.success(
                    request,
                    _("Correction withdrawn.")
                    if correction.raised_by_id == request.user.pk
                    else _("Correction rejected."),
                )
        except services.ConflictError:
            messages.error(
                request,
                _(
                    "The person's core facts changed since this correction was raised; "
                    "it was not applied. Reject it and raise a new one if still needed."
                ),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("households:correction-list")
