"""The data-quality list: what last night's checks found in the user's townships."""

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, F
from django.shortcuts import render

from bureau import scoping
from bureau.filters import filter_list
from bureau.views_base import paginate
from households import selectors
from households.filters import OPEN, QualityIssueFilter
from households.models import DataQualityIssue
from households.views.quality_run import run_context

Kind = DataQualityIssue.Kind


@permission_required("households.view_dataqualityissue", raise_exception=True)
@scoping.scoped
def quality_list(request):
    """Findings of the nightly checks with counts per kind, linked to the records."""
    filters, issues = filter_list(
        QualityIssueFilter,
        request,
        selectors.visible_quality_issues(request.user),
        default={"status": OPEN},
    )
    by_kind = dict(  # every kind's count, whichever kind is shown
        filters.qs_without("kind")
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    counts = [
        {"kind": kind, "label": label, "count": by_kind.get(kind, 0)}
        for kind, label in Kind.choices
    ]
    kind = filters.values().get("kind", "")
    page = paginate(
        request,
        issues.select_related(
            "township", "person__household__village", "household__village"
        ).order_by(F("resolved_on").asc(nulls_first=True), "kind", "township_id", "pk"),
    )
    return render(
        request,
        "households/quality/list.html",
        {
            "form": filters.form,
            "page": page,
            "counts": counts,
            "query": filters.query,
            "kind": kind,
            **run_context(request.user),
        },
    )
