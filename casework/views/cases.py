"""Case pages: the filtered list, registering a case, and a case with its timeline."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import attachments, scoping
from bureau.views_base import paginate, query_without_page
from casework import selectors, services
from casework.filters import CaseFilter
from casework.forms import CaseRegisterForm, HandlersForm, NoteForm, RevealForm
from casework.models import Case
from casework.views._common import case_of, run_service
from casework.views.documents import documents_for
from casework.views.ledger import ledger_context
from casework.views.moves import moves_for
from casework.workflow import CloseReason, Kind, Outcome, Satisfaction, allowed_from


@permission_required("casework.view_case", raise_exception=True)
@scoping.scoped
def case_list(request):
    """Cases of the user's townships, newest first, filtered by kind, status, township…"""
    rows = selectors.visible_cases(request.user)
    filterset = CaseFilter(request.GET or None, queryset=rows, request=request)
    if filterset.is_bound:
        rows = filterset.qs if filterset.is_valid() else rows.none()
    page = paginate(request, rows.order_by("-opened_on", "-pk"))
    return render(
        request,
        "casework/case_list.html",
        {
            "page": page,
            "form": filterset.form,
            "query": query_without_page(request),
            "kinds": Case.Kind.choices,
            "kind": request.GET.get("kind", ""),
        },
    )


@permission_required("casework.add_case", raise_exception=True)
@scoping.scoped
def case_register(request):
    """Register a lead (两非), an allegation (staff misconduct) or a petition."""
    initial = {"opened_on": timezone.localdate(), "kind": request.GET.get("kind")}
    form = CaseRegisterForm(request.POST or None, user=request.user, initial=initial)
    created = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def register():
            created["case"] = _register(request.user, data)

        if run_service(request, register, form=form):
            case = created["case"]
            messages.success(
                request, _("%(number)s registered.") % {"number": case.number}
            )
            return redirect("casework:case-detail", pk=case.pk)
    return render(request, "casework/case_form.html", {"form": form})


def _received_at(day: dt.date) -> dt.datetime:
    """When a lead dated `day` was received: now if today, else the start of that day."""
    if day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))


def _register(user, data: dict) -> Case:
    common = {
        "by": user,
        "township": data["township"],
        "title": data["title"],
        "summary": data["summary"],
        "reporter": data["reporter"],
        "handlers": list(data["handlers"]),
    }
    if data["kind"] == Kind.LIANGFEI:
        return services.register_lead(
            **common,
            source=data["source"],
            received_at=_received_at(data["opened_on"]),
            reference=data["reference"],
        )
    return services.open_case(**common, kind=data["kind"], opened_on=data["opened_on"])


def _detail_context(request, case: Case) -> dict:
    user = request.user
    is_handler = case.handlers.filter(pk=user.pk).exists()
    return {
        "case": case,
        "timeline": selectors.timeline(case),
        "clocks": selectors.case_clocks(case),
        "moves": moves_for(user, case),
        "next_states": [
            Case.Status(s).label for s in allowed_from(case.kind, case.status)
        ],
        "handlers": case.handlers.order_by("full_name", "username"),
        "handlers_form": HandlersForm(
            user=user, initial={"handlers": list(case.handlers.all())}
        )
        if user.has_perm("casework.change_case")
        else None,
        "note_form": NoteForm() if user.has_perm("casework.change_case") else None,
        "reveal_form": RevealForm()
        if case.has_sealed_reporter
        and is_handler
        and user.has_perm("casework.reveal_reporter")
        else None,
        "attachments": attachments.attachments_of(user, case),
        "can_attach": user.has_perm("casework.change_case")
        and user.has_perm(attachments.ADD_PERMISSION),
        "documents": documents_for(case),
        "is_petition": case.kind == Kind.PETITION,
        "outcomes": Outcome.choices,
        "satisfactions": Satisfaction.choices,
        "close_reasons": CloseReason.choices,
        **ledger_context(user, case),
    }


@permission_required("casework.view_case", raise_exception=True)
@scoping.scoped
def case_detail(request, pk: int):
    """One case: its state, the moves open to it, its timeline, time limits and files."""
    case = case_of(request, pk)
    return render(request, "casework/case_detail.html", _detail_context(request, case))
