"""Exporting the register an auditor can see, with the list's filters, to XLSX or CSV."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponseBadRequest, QueryDict
from django.views.decorators.http import require_http_methods

from bureau import exports, scoping
from households.exports import PERSONS
from households.filters import ExportPersonFilter
from households.services.exports import FilterError


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required(
    ["households.view_person", exports.EXPORT_PERMISSION], raise_exception=True
)
@scoping.scoped
def person_export(request):
    """The persons list as XLSX or CSV: masked unless unmask=1 with a reason (POST form).

    Filters come from the query string (the list page's GET filters); format, unmask and
    reason from the POSTed form or the query string. Logged with filters, rows and SHA-256.
    Above EXPORT_BACKGROUND_ROWS rows the file is written by a background job instead and
    the user is sent to its page (progress, then a one-time download).
    """
    params = request.POST if request.method == "POST" else request.GET
    try:
        options = exports.read_options(params, user=request.user)
        return exports.export_or_queue(
            request=request, source=PERSONS, params=_filters(request), options=options
        )
    except (exports.ExportError, FilterError) as error:
        return HttpResponseBadRequest(
            str(error), content_type="text/plain; charset=utf-8"
        )


def _filters(request) -> QueryDict:
    """The query string's filters, plus any the POSTed form names that it does not."""
    if request.method != "POST":
        return request.GET
    merged = request.GET.copy()
    for key in ExportPersonFilter.base_filters:
        if key in request.POST and key not in merged:
            merged[key] = request.POST[key]
    return merged
