"""The audit pages: tracked changes and access events, for auditors."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from bureau import scoping, selectors


@permission_required("bureau.view_audit_trail", raise_exception=True)
@scoping.scoped
def change_events(request):
    events = selectors.visible_change_events(request.user)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "bureau/audit_changes.html", {"page": page})


@permission_required("bureau.view_audit_trail", raise_exception=True)
@scoping.scoped
def access_events(request):
    events = selectors.visible_access_events(request.user)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "bureau/audit_access.html", {"page": page})
