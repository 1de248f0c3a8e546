"""The ranking pages: the district table, a township's own page, drill-down, export."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from bureau import clocks, exports, scoping
from bureau.charts import chart
from bureau.views_base import paginate, visible_or_404
from reports import selectors
from reports.models import Directive

VIEW_SCORES = "reports.view_townshipscore"


def _month(request, user) -> tuple[Directive | None, object]:
    """The month asked for (?month=YYYY-MM or ?run=id of one of its versions)."""
    directives = selectors.visible_directives(user).exclude(
        status=Directive.Status.DRAFT
    )
    run_id = request.GET.get("run", "")
    if run_id:
        directive = directives.filter(
            runs__pk=run_id if run_id.isdigit() else 0
        ).first()
        if directive is None:
            raise Http404
        return directive, directive.runs.get(pk=run_id)
    month = request.GET.get("month", "")
    if month:
        directive = (
            directives.filter(month=f"{month}-01").first() if len(month) == 7 else None
        )
        if directive is None:
            raise Http404
    else:
        directive = directives.order_by("-month").first()
    return directive, selectors.displayed_run(directive)


@permission_required(VIEW_SCORES, raise_exception=True)
@scoping.scoped
def ranking(request):
    """The month's ranking with trends, the score history, and the month's versions."""
    directive, run = _month(request, request.user)
    rows = selectors.ranking_rows(request.user, run) if run else []
    labels, series = selectors.score_history(request.user)
    totals = (
        chart(
            kind="bar",
            title=_("Totals %(month)s") % {"month": f"{directive.month:%Y-%m}"},
            categories=[row.score.township.name for row in rows],
            series={_("Total"): [row.score.total for row in rows]},
            unit=_("points"),
        )
        if rows
        else None
    )
    history = (
        chart(
            kind="line",
            title=_("Score history"),
            categories=labels,
            series=series,
            unit=_("points"),
        )
        if labels and series
        else None
    )
    return render(
        request,
        "reports/ranking.html",
        {
            "directive": directive,
            "run": run,
            "rows": rows,
            "items": directive.items.all() if directive else [],
            "tiles": selectors.statistics_tiles(request.user, month=directive.month)
            if directive
            else [],
            "overdue_clocks": sum(
                counts["overdue"]
                for counts in clocks.clock_counts_by_township(request.user).values()
            ),
            "totals_chart": totals,
            "history_chart": history,
            "months": selectors.visible_directives(request.user)
            .exclude(status=Directive.Status.DRAFT)
            .order_by("-month"),
            "publications": directive.publications.select_related("run", "published_by")
            if directive
            else [],
            "published_run": run is not None and run.publications.exists(),
        },
    )


@permission_required(VIEW_SCORES, raise_exception=True)
@scoping.scoped
def township_detail(request, code: str):
    """One township's own page: rank, items, open ledger, directives to sign, cards."""
    township = visible_or_404(scoping.visible_townships, request.user, code=code)
    directive, run = _month(request, request.user)
    row = next(
        (
            row
            for row in (selectors.ranking_rows(request.user, run) if run else [])
            if row.score.township_id == code
        ),
        None,
    )
    return render(
        request,
        "reports/township_detail.html",
        {
            "township": township,
            "directive": directive,
            "run": run,
            "row": row,
            "ranked": run.totals.filter(rank__isnull=False).count() if run else 0,
            "ledger": selectors.visible_ledger_entries(request.user)
            .filter(township=township, status="open")
            .order_by("due_on"),
            "receipts": selectors.visible_receipts(request.user)
            .filter(township=township, signed_at__isnull=True)
            .exclude(directive__status=Directive.Status.DRAFT),
            "cards": selectors.visible_yellow_cards(request.user).filter(
                township=township
            ),
        },
    )


@permission_required(VIEW_SCORES, raise_exception=True)
@scoping.scoped
def score_detail(request, pk: int):
    """Drill-down of one item score: the township's figure and each village's share."""
    score = visible_or_404(
        selectors.visible_item_scores, request.user, pk=pk, related=["run__directive"]
    )
    return render(
        request,
        "reports/score_detail.html",
        {
            "score": score,
            "villages": selectors.village_figures(score),
            "has_records": selectors.records_behind(score) is not None,
        },
    )


@permission_required(VIEW_SCORES, raise_exception=True)
@scoping.scoped
def score_records(request, pk: int):
    """The register rows behind one score (optionally one village's)."""
    score = visible_or_404(
        selectors.visible_item_scores, request.user, pk=pk, related=["run__directive"]
    )
    village = request.GET.get("village") or None
    rows = selectors.records_behind(score, village=village)
    if rows is None:
        raise Http404
    return render(
        request,
        "reports/score_records.html",
        {"score": score, "village": village, "page": paginate(request, rows)},
    )


@permission_required(VIEW_SCORES, raise_exception=True)
@scoping.scoped
def ranking_export(request):
    """The month's ranking as XLSX or CSV (no personal data), logged with its filters."""
    try:
        options = exports.read_options(request.GET, user=request.user)
    except exports.ExportError as error:
        return HttpResponseBadRequest(error.message)
    directive, run = _month(request, request.user)
    if run is None:
        raise Http404
    items = list(directive.items.all())
    headers = [
        _("Rank"),
        _("Township"),
        _("Total"),
        _("Weight scored"),
        *[item.title for item in items],
    ]

    def rows():
        for row in selectors.ranking_rows(request.user, run):
            points = {score.item_id: score.points for score in row.items}
            yield [
                row.score.rank,
                row.score.township.name,
                row.score.total,
                row.score.weight_in_play,
                *[points.get(item.pk) for item in items],
            ]

    return exports.export_response(
        request=request,
        user=request.user,
        rows=rows(),
        headers=headers,
        options=options,
        subject="reports.ranking",
        filters={"month": f"{directive.month:%Y-%m}", "run": run.pk},
        basename=f"ranking-{directive.month:%Y-%m}",
    )
