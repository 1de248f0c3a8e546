"""Visit pages: record a visit (the examiner signs), the record, the verifier's signature,
a referral's outcome. Findings, services and medicine show only with health details."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bureau import scoping
from bureau.views_base import add_service_errors, paginate, visible_or_404
from checkups import selectors, services
from checkups.forms import ReferralOutcomeForm, VerifyForm, VisitForm
from checkups.views._common import health_details, run_service


def _examined(invitation, wanted: str):
    """The person the visit is for: the invitee, or the chosen partner of a couple."""
    if invitation.person_id:
        return invitation.person
    partners = {str(p.pk): p for p in invitation.couple.partners()}
    if wanted in partners:
        return partners[wanted]
    return invitation.couple.woman


@require_http_methods(["GET", "POST"])
@permission_required("checkups.add_visit", raise_exception=True)
@scoping.scoped
def visit_record(request, pk: int):
    """The visit form for one invitation; saving it is the examiner's signature."""
    invitation = visible_or_404(
        selectors.visible_invitations,
        request.user,
        pk=pk,
        related=("campaign", "person", "couple__woman", "couple__man", "village"),
    )
    person = _examined(invitation, request.GET.get("person", ""))
    items = selectors.items_for(invitation.campaign.kind, person.sex)
    sites = invitation.campaign.sites.filter(township=invitation.township_id)
    form = VisitForm(request.POST or None, items=items, sites=sites)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.record_visit(
                by=request.user,
                invitation=invitation,
                person=person,
                visited_on=data["visited_on"],
                site=data["site"],
                identity_method=data["identity_method"],
                services=form.results(),
                findings=data["findings"],
                finding_category=data["finding_category"],
                finding_notes=data["finding_notes"],
                free_medicine=data["free_medicine"],
                referral=form.referral(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("Your role may not do this."))
        else:
            messages.success(
                request,
                _(
                    "Visit recorded and signed by you as examiner. "
                    "A second user signs it as verifier."
                ),
            )
            return redirect("checkups:visit-detail", pk=visit.pk)
    return render(
        request,
        "checkups/visit_form.html",
        {
            "invitation": invitation,
            "person": person,
            "partners": invitation.couple.partners() if invitation.couple_id else (),
            "form": form,
        },
    )


@permission_required("checkups.view_visit", raise_exception=True)
@scoping.scoped
def visit_list(request):
    """Visits still missing a signature (the verifier's work list)."""
    rows = selectors.visits_to_sign(request.user).select_related(
        "person", "invitation__campaign", "invitation__village", "examiner"
    )
    return render(
        request,
        "checkups/visit_list.html",
        {"page": paginate(request, rows.order_by("visited_on", "pk"))},
    )


@permission_required("checkups.view_visit", raise_exception=True)
@scoping.scoped
def visit_detail(request, pk: int):
    visit = visible_or_404(
        selectors.visible_visits,
        request.user,
        pk=pk,
        related=(
            "person",
            "site",
            "examiner",
            "verifier",
            "invitation__campaign",
            "invitation__village",
        ),
    )
    details = health_details(request.user, visit.invitation.township_id)
    return render(
        request,
        "checkups/visit_detail.html",
        {
            "visit": visit,
            "details": details,
            "services": visit.services.select_related("item") if details else (),
            "referrals": visit.referrals.all() if details else (),
            "can_verify": services.may_verify_visit(request.user, visit),
            "verify_form": VerifyForm(initial={"version": visit.version}),
            "outcome_form": ReferralOutcomeForm(),
        },
    )


@require_POST
@permission_required("checkups.sign_visit", raise_exception=True)
@scoping.scoped
def visit_verify(request, pk: int):
    """The verifier's signature: a different user from the examiner."""
    visit = visible_or_404(selectors.visible_visits, request.user, pk=pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to sign as verifier."))
        return redirect("checkups:visit-detail", pk=pk)
    if run_service(
        request,
        lambda: services.sign_as_verifier(
            by=request.user, visit=visit, expected_version=form.cleaned_data["version"]
        ),
    ):
        messages.success(request, _("Signed as verifier: the visit now counts."))
    return redirect("checkups:visit-detail", pk=pk)


@require_POST
@permission_required("checkups.change_referral", raise_exception=True)
@scoping.scoped
def referral_outcome(request, pk: int):
    referral = visible_or_404(selectors.visible_referrals, request.user, pk=pk)
    if not health_details(request.user, referral.visit.invitation.township_id):
        raise Http404
    form = ReferralOutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the outcome of the referral."))
        return redirect("checkups:visit-detail", pk=referral.visit_id)
    data = form.cleaned_data
    if run_service(
        request,
        lambda: services.record_referral_outcome(
            by=request.user,
            referral=referral,
            outcome=data["outcome"],
            note=data["note"],
            expected_version=data["version"],
        ),
    ):
        messages.success(request, _("Outcome recorded."))
    return redirect("checkups:visit-detail", pk=referral.visit_id)
