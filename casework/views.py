"""Case pages: the list of the user's townships and a case with its timeline and clocks."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from bureau import scoping
from bureau.views_base import paginate, visible_or_404
from casework import selectors
from casework.models import Case
from casework.workflow import allowed_from


@permission_required("casework.view_case", raise_exception=True)
@scoping.scoped
def case_list(request):
    """Cases of the user's townships, newest first, optionally of one kind."""
    rows = selectors.visible_cases(request.user)
    kind = request.GET.get("kind", "")
    if kind in Case.Kind.values:
        rows = rows.filter(kind=kind)
    page = paginate(request, rows.order_by("-opened_on", "-pk"))
    return render(
        request,
        "casework/case_list.html",
        {"page": page, "kinds": Case.Kind.choices, "kind": kind},
    )


@permission_required("casework.view_case", raise_exception=True)
@scoping.scoped
def case_detail(request, pk: int):
    """One case: its state, the moves open to it, its timeline and time limits."""
    case = visible_or_404(selectors.visible_cases, request.user, pk=pk)
    return render(
        request,
        "casework/case_detail.html",
        {
            "case": case,
            "timeline": selectors.timeline(case),
            "clocks": selectors.case_clocks(case),
            "next_states": [
                Case.Status(s).label for s in allowed_from(case.kind, case.status)
            ],
            "handlers": case.handlers.order_by("full_name", "username"),
        },
    )
