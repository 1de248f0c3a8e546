"""Application pages: list, detail with the review timeline, actions, candidates, notice."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau import attachments, exports, printing, scoping
from households.selectors import visible_persons
from incentives import selectors, services
from incentives.eligibility import propose_candidates
from incentives.filters import ApplicationFilter
from incentives.forms import ApplicationStartForm, ConditionForm, ReasonForm
from incentives.models import Application
from incentives.models.applications import OPEN
from incentives.services.applications import FORWARD, REVIEWER_OF
from incentives.views._common import paginate, query_without_page, run_service

S = Application.Status


def _applications(request):
    return selectors.visible_applications(request.user).select_related(
        "scheme", "person", "village"
    )


@permission_required("incentives.view_application", raise_exception=True)
@scoping.scoped
def application_list(request):
    """Applications of the user's townships, filtered by scheme, status, village, year."""
    filterset = ApplicationFilter(
        request.GET or None, queryset=_applications(request), request=request
    )
    rows = filterset.qs if filterset.is_bound else filterset.queryset
    page = paginate(request, rows.order_by("-created_at", "-pk"))
    return render(
        request,
        "incentives/application_list.html",
        {
            "form": filterset.form,
            "page": page,
            "query": query_without_page(request),
            "schemes": selectors.visible_schemes(request.user).filter(is_active=True),
        },
    )


@permission_required("incentives.view_application", raise_exception=True)
@scoping.scoped
def application_export(request):
    """The filtered list as XLSX or CSV through the core export (logged, formula-safe)."""
    try:
        options = exports.read_options(request.GET, user=request.user)
    except exports.ExportError as exc:
        messages.error(request, exc.message)
        return redirect("incentives:application-list")
    filterset = ApplicationFilter(
        request.GET, queryset=_applications(request), request=request
    )
    rows = (
        filterset.qs.order_by("village__code", "pk").values_list(
            "pk",
            "scheme__name",
            "year",
            "person__name",
            "village__name",
            "status",
            "created_at",
        )
    ).iterator(chunk_size=exports.CHUNK_SIZE)
    return exports.export_response(
        request=request,
        user=request.user,
        rows=rows,
        headers=("编号", "项目", "年度", "姓名", "村居", "状态", "申请时间"),
        options=options,
        subject="incentives.application",
        filters={
            k: v
            for k, v in request.GET.items()
            if k not in ("format", "unmask", "reason")
        },
        basename="benefit-applications",
    )


def _actions_for(user, application):
    """The action buttons this user may see on this application."""
    status = application.status
    allowed = []
    if status in FORWARD and user.has_perm(FORWARD[status][1]):
        allowed.append(("approve", _("Approve this level")))
    if status in REVIEWER_OF and user.has_perm(REVIEWER_OF[status]):
        if status in (S.VILLAGE_REVIEWED, S.TOWNSHIP_REVIEWED, S.BUREAU_APPROVED):
            allowed.append(("return", _("Return one level")))
        allowed.append(("reject", _("Reject")))
    if status == S.BUREAU_APPROVED and user.has_perm("incentives.approve_bureau"):
        allowed.append(("publish", _("Start the public notice")))
    if status == S.IN_NOTICE:
        if user.has_perm("incentives.change_application"):
            allowed.append(("object", _("Record an objection")))
        if user.has_perm("incentives.approve_bureau"):
            allowed.append(("confirm", _("Confirm after the notice")))
    if status in (S.SUBMITTED, S.VILLAGE_REVIEWED) and user.has_perm(
        "incentives.change_application"
    ):
        allowed.append(("withdraw", _("Withdrawn by the applicant")))
    return allowed


@permission_required("incentives.view_application", raise_exception=True)
@scoping.scoped
def application_detail(request, pk: int):
    application = get_object_or_404(
        _applications(request).select_related("payee", "child"), pk=pk
    )
    conditions = [
        {"code": code, "fact": application.conditions.get(code)}
        for code in application.scheme.required_conditions
    ]
    can_confirm = application.status in (
        S.SUBMITTED,
        S.VILLAGE_REVIEWED,
    ) and request.user.has_perm(REVIEWER_OF[application.status])
    return render(
        request,
        "incentives/application_detail.html",
        {
            "application": application,
            "steps": application.steps.select_related("by"),
            "conditions": conditions,
            "can_confirm_conditions": can_confirm,
            "actions": _actions_for(request.user, application),
            "attachments": attachments.attachments_of(request.user, application),
            "can_attach": application.status in OPEN
            and request.user.has_perm("incentives.change_application")
            and request.user.has_perm(attachments.ADD_PERMISSION),
            "amount": selectors.standard_amount(
                application.scheme, application.category, on=timezone.localdate()
            ),
        },
    )


ACTIONS = {
    "approve": lambda by, a, text, v: services.approve_application(
        by=by, application=a, comment=text, expected_version=v
    ),
    "return": lambda by, a, text, v: services.return_application(
        by=by, application=a, reason=text, expected_version=v
    ),
    "reject": lambda by, a, text, v: services.reject_application(
        by=by, application=a, reason=text, expected_version=v
    ),
    "publish": lambda by, a, text, v: services.publish_notice(
        by=by, application=a, expected_version=v
    ),
    "object": lambda by, a, text, v: services.raise_objection(
        by=by, application=a, objection=text, expected_version=v
    ),
    "confirm": lambda by, a, text, v: services.confirm_application(
        by=by, application=a, expected_version=v
    ),
    "withdraw": lambda by, a, text, v: services.withdraw_application(
        by=by, application=a, reason=text, expected_version=v
    ),
}


@require_POST
@permission_required("incentives.view_application", raise_exception=True)
@scoping.scoped
def application_action(request, pk: int, action: str):
    """One step of the review chain; the service checks the level and the user."""
    application = get_object_or_404(_applications(request), pk=pk)
    if action == "condition":
        form = ConditionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if run_service(
                request,
                lambda: services.confirm_condition(
                    by=request.user,
                    application=application,
                    code=data["code"],
                    answer=data["answer"],
                    evidence=data["evidence"],
                    expected_version=data["version"],
                ),
            ):
                messages.success(request, _("Condition recorded."))
        else:
            messages.error(
                request, _("Say what the papers show and name the document.")
            )
        return redirect("incentives:application-detail", pk=pk)
    if action not in ACTIONS:
        raise Http404
    form = ReasonForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("comment", "")
    version = form.cleaned_data.get("version")
    if run_service(
        request, lambda: ACTIONS[action](request.user, application, text, version)
    ):
        messages.success(request, _("Done."))
    return redirect("incentives:application-detail", pk=pk)


@require_POST
@permission_required("incentives.change_application", raise_exception=True)
@scoping.scoped
def application_attach(request, pk: int):
    """Add a scanned document to the application's evidence (checked by content)."""
    application = get_object_or_404(_applications(request), pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the document to attach."))
        return redirect("incentives:application-detail", pk=pk)
    if run_service(
        request,
        lambda: services.attach_evidence(
            by=request.user,
            application=application,
            file=upload,
            filename=upload.name,
            description=request.POST.get("description", ""),
        ),
    ):
        messages.success(request, _("Document attached."))
    return redirect("incentives:application-detail", pk=pk)


@permission_required("incentives.add_application", raise_exception=True)
@scoping.scoped
def candidate_list(request):
    """Persons a scheme's rule proposes, with the reason; staff start the application."""
    schemes = selectors.visible_schemes(request.user).filter(is_active=True)
    scheme = schemes.filter(pk=request.GET.get("scheme") or 0).first()
    today = timezone.localdate()
    candidates = (
        propose_candidates(request.user, scheme=scheme, today=today) if scheme else []
    )
    return render(
        request,
        "incentives/candidate_list.html",
        {
            "schemes": schemes,
            "scheme": scheme,
            "candidates": candidates,
            "year": today.year,
        },
    )


@require_POST
@permission_required("incentives.add_application", raise_exception=True)
@scoping.scoped
def application_start(request):
    """Enter an application (from a candidate, or a person's page)."""
    form = ApplicationStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a scheme, a person and a year."))
        return redirect("incentives:candidate-list")
    data = form.cleaned_data
    persons = visible_persons(request.user)
    person = get_object_or_404(persons, pk=data["person"])
    payee = get_object_or_404(persons, pk=data["payee"]) if data["payee"] else None
    child = get_object_or_404(persons, pk=data["child"]) if data["child"] else None
    created = {}

    def submit():
        created["application"] = services.submit_application(
            by=request.user,
            scheme=data["scheme"],
            person=person,
            payee=payee,
            child=child,
            year=data["year"],
            category=data["category"],
            candidate_reason=data["reason"],
        )

    if not run_service(request, submit):
        return redirect(
            reverse("incentives:candidate-list") + f"?scheme={data['scheme'].pk}"
        )
    messages.success(request, _("Application entered."))
    return redirect("incentives:application-detail", pk=created["application"].pk)


@permission_required("incentives.view_application", raise_exception=True)
@scoping.scoped
def notice_print(request):
    """The printable 公示 list: name, village, generic scheme label and amount only."""
    schemes = selectors.visible_schemes(request.user)
    scheme = schemes.filter(pk=request.GET.get("scheme") or 0).first()
    today = timezone.localdate()
    rows = selectors.public_notice_rows(request.user, scheme=scheme, on=today)
    ends = max((row["notice_ends_on"] for row in rows), default=None)
    document = printing.PrintDocument(
        template="incentives/notice_print.html",
        title=_("Public notice of benefit recipients"),
        number=printing.document_number(_("Notice"), today.year, f"{today:%m%d}"),
        context={
            "rows": rows,
            "ends": ends,
            "label": scheme.public_label if scheme else "",
        },
    )
    return printing.print_response(
        request,
        [document],
        title=_("Public notice"),
        back_url=reverse("incentives:application-list"),
    )
