"""Pre-pregnancy couples: list, registration (with consent), the couple's page with its
risk assessments and counselling, and the high-risk follow-up list."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bureau import scoping
from bureau.views_base import add_service_errors, paginate, visible_or_404
from checkups import selectors, services
from checkups.apps import HEALTH_DETAILS
from checkups.filters import CoupleFilter
from checkups.forms import CounsellingForm, CoupleForm, RiskAssessmentForm
from checkups.models import RiskAssessment
from checkups.views._common import health_details, query_without_page, run_service
from households.models.consent import Purpose
from households.services.consent import has_consent

RELATED = ("woman", "man", "village", "household")


def _couple(request, pk: int):
    return visible_or_404(
        selectors.visible_couples, request.user, pk=pk, related=RELATED
    )


@permission_required("checkups.view_couple", raise_exception=True)
@scoping.scoped
def couple_list(request):
    """Registered couples (names and masked ID numbers; no health data)."""
    filterset = CoupleFilter(
        request.GET or None,
        queryset=selectors.visible_couples(request.user).select_related(*RELATED),
        request=request,
    )
    rows = filterset.qs if filterset.is_bound else filterset.queryset
    return render(
        request,
        "checkups/couple_list.html",
        {
            "form": filterset.form,
            "page": paginate(request, rows.order_by("-registered_on", "-pk")),
            "query": query_without_page(request),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("checkups.add_couple", raise_exception=True)
@scoping.scoped
def couple_create(request):
    """Register a couple; both partners' consent for the check must be on record."""
    form = CoupleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            couple = services.register_couple(
                by=request.user,
                woman=data["woman_id_number"],
                man=data["man_id_number"],
                registered_on=data["registered_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Your role may not do this."))
        else:
            messages.success(request, _("Couple registered."))
            return redirect("checkups:couple-detail", pk=couple.pk)
    return render(request, "checkups/couple_form.html", {"form": form})


def _partner_rows(couple):
    return [
        {
            "person": partner,
            "consent": has_consent(partner, Purpose.PREPREGNANCY_CHECKUP),
        }
        for partner in couple.partners()
    ]


def _assessments(couple):
    rows = list(couple.assessments.select_related("person", "assessed_by"))
    for row in rows:
        row.factor_labels = [RiskAssessment.Factor(code).label for code in row.factors]
    return rows


@permission_required("checkups.view_couple", raise_exception=True)
@scoping.scoped
def couple_detail(request, pk: int, *, assess_form=None, counsel_form=None):
    couple = _couple(request, pk)
    details = health_details(request.user, couple.township_id)
    return render(
        request,
        "checkups/couple_detail.html",
        {
            "couple": couple,
            "partners": _partner_rows(couple),
            "details": details,
            "assessments": _assessments(couple) if details else (),
            "counselling": couple.counselling.select_related("person", "counsellor")
            if details
            else (),
            "invitations": couple.invitations.select_related(
                "campaign"
            ).prefetch_related("visits"),
            "assess_form": assess_form or RiskAssessmentForm(couple=couple),
            "counsel_form": counsel_form or CounsellingForm(couple=couple),
            "can_assess": details
            and request.user.has_perm("checkups.add_riskassessment"),
            "can_counsel": details
            and request.user.has_perm("checkups.add_counselling"),
        },
        status=400 if (assess_form or counsel_form) else 200,
    )


@require_POST
@permission_required("checkups.add_riskassessment", raise_exception=True)
@scoping.scoped
def couple_assess(request, pk: int):
    """One partner's assessment: general, one partner only, or high risk with factors."""
    couple = _couple(request, pk)
    form = RiskAssessmentForm(request.POST, couple=couple)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assess_risk(
                by=request.user,
                couple=couple,
                person=data["person"],
                outcome=data["outcome"],
                factors=data["factors"],
                risk_class=data["risk_class"],
                notes=data["notes"],
                assessed_on=data["assessed_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Your role may not do this."))
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("checkups:couple-detail", pk=pk)
    return couple_detail(request, pk, assess_form=form)


@require_POST
@permission_required("checkups.add_counselling", raise_exception=True)
@scoping.scoped
def couple_counsel(request, pk: int):
    """A face-to-face counselling record; it takes the person off the follow-up list."""
    couple = _couple(request, pk)
    form = CounsellingForm(request.POST, couple=couple)
    if form.is_valid():
        data = form.cleaned_data
        if run_service(
            request,
            lambda: services.record_counselling(
                by=request.user,
                couple=couple,
                person=data["person"],
                counselled_on=data["counselled_on"],
                content=data["content"],
            ),
        ):
            messages.success(request, _("Counselling recorded."))
            return redirect("checkups:couple-detail", pk=pk)
    return couple_detail(request, pk, counsel_form=form)


@permission_required("checkups.view_riskassessment", raise_exception=True)
@scoping.scoped
def follow_up_list(request):
    """High-risk persons not yet counselled. Names only for those who see health
    details; everyone else sees how many there are."""
    rows = selectors.follow_up_list(request.user)
    named = request.user.has_perm(HEALTH_DETAILS)
    return render(
        request,
        "checkups/follow_up_list.html",
        {
            "page": paginate(request, rows) if named else None,
            "count": None if named else rows.count(),
        },
    )
