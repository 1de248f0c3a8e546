"""The audit pages: tracked changes and access events, for auditors."""

import dataclasses

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import exports, scoping, selectors
from bureau.forms import AccessEventFilterForm, ChangeEventFilterForm
from bureau.models import User

PAGE_SIZE = 50


@permission_required("bureau.view_audit_trail", raise_exception=True)
@scoping.scoped
def change_events(request):
    form = ChangeEventFilterForm(request.GET)
    events = form.filter(selectors.visible_change_events(request.user))
    events = events.order_by(*form.ordering())
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


@permission_required("bureau.view_audit_trail", raise_exception=True)
@scoping.scoped
def access_events_export(request):
    """The filtered access log as XLSX or CSV (ID numbers masked), itself logged."""
    from bureau.templatetags.audit_tags import access_filters, subject_name
    from bureau.templatetags.bureau_tags import mask_ids

    try:
        options = exports.read_options(request.GET, user=request.user)
    except exports.ExportError as error:
        return HttpResponseBadRequest(error.message)
    # The log is exported as the page shows it: masked, whatever was asked for.
    options = dataclasses.replace(options, unmasked=False, reason="")
    form = AccessEventFilterForm(request.GET)
    events = form.filter(selectors.visible_access_events(request.user))
    headers = [
        _("When"),
        _("User"),
        _("Kind"),
        _("Record type"),
        _("Record number"),
        _("Reason"),
        _("Filters"),
        _("Rows"),
        _("IP address"),
        _("Path"),
    ]
    rows = (
        [
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.user.username if event.user else "",
            str(event.get_kind_display()),
            subject_name(event.subject),
            mask_ids(event.object_id),
            mask_ids(event.reason),
            "; ".join(f"{label}: {value}" for label, value in access_filters(event)),
            event.row_count,
            event.ip_address or "",
            mask_ids(event.path),
        ]
        for event in events.iterator(chunk_size=exports.CHUNK_SIZE)
    )
    return exports.export_response(
        request=request,
        user=request.user,
        rows=rows,
        headers=headers,
        options=options,
        subject="bureau.accessevent",
        filters={key: request.GET[key] for key in form.fields if request.GET.get(key)},
        basename="access-events",
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
