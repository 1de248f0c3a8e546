"""The audit pages: tracked changes and access events, for auditors."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render

from bureau import scoping, selectors
from bureau.forms import AccessEventFilterForm, ChangeEventFilterForm
from bureau.models import User

PAGE_SIZE = 50


@permission_required("bureau.view_audit_trail", raise_exception=True)
@scoping.scoped
def change_events(request):
    form = ChangeEventFilterForm(request.GET)
    events = form.filter(selectors.visible_change_events(request.user))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    _attach_actors(page)
    return render(
        request,
        "bureau/audit_changes.html",
        {
            "page": page,
            "form": form,
            "query": _filters_of(request.GET),
        },
    )


@permission_required("bureau.view_audit_trail", raise_exception=True)
@scoping.scoped
def access_events(request):
    form = AccessEventFilterForm(request.GET)
    events = form.filter(selectors.visible_access_events(request.user))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "bureau/audit_access.html",
        {"page": page, "form": form, "query": _filters_of(request.GET)},
    )


def _filters_of(params: QueryDict) -> str:
    """The query string without the page number, for the pagination links."""
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def _attach_actors(page) -> None:
    """Set `event.actor`: the user named in each event's audit context (one query)."""
    ids = {_actor_id(event) for event in page} - {None}
    users = User.objects.in_bulk(ids) if ids else {}
    for event in page:
        event.actor = users.get(_actor_id(event))


def _actor_id(event) -> int | None:
    context = event.pgh_context if isinstance(event.pgh_context, dict) else {}
    user_id = context.get("user")
    return user_id if isinstance(user_id, int) else None
