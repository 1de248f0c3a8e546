"""The casework statistics page per period and township, with a chart and its export."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureau import exports, scoping
from bureau.charts import chart
from casework import statistics as figures
from casework.forms import StatisticsForm


def display(value, unit: str) -> str:
    """A figure as the table and the export show it."""
    if value is None:
        return "—"
    if unit == "percent":
        return f"{(Decimal(value) * 100).quantize(Decimal('0.1'))}%"
    if unit == "yuan":
        return f"{Decimal(value):,.2f}"
    return str(value)


def _selection(request) -> tuple[StatisticsForm, tuple | None]:
    form = StatisticsForm(request.GET or None, user=request.user)
    return form, form.chosen()


UNITS = {
    "count": gettext_lazy("count"),
    "yuan": gettext_lazy("yuan"),
    "percent": gettext_lazy("share"),
}


def _rows(user, start: dt.date, end: dt.date, township) -> list[dict]:
    return [
        {
            "key": key,
            "label": label,
            "raw": value,
            "value": display(value, unit),
            "unit": unit,
        }
        for key, label, value, unit in figures.period_figures(
            user, start=start, end=end, township=township
        )
    ]


def _cell(value, unit: str):
    """A figure as the export carries it: a number a spreadsheet can sum."""
    if value is None:
        return None
    if unit == "percent":
        return Decimal(value).quantize(Decimal("0.0001"))
    return value


def _charts(user, start: dt.date, end: dt.date, township) -> list[dict]:
    sources = figures.leads_by_source(user, start=start, end=end, township=township)
    penalties = figures.penalties_by_type(user, start=start, end=end, township=township)
    return [
        chart(
            kind="bar",
            title=_("Leads by source"),
            categories=[label for label, _count in sources],
            series={_("Leads"): [count for _label, count in sources]},
            unit=_("leads"),
        ),
        chart(
            kind="bar",
            title=_("Penalties by type"),
            categories=[label for label, _count in penalties],
            series={_("Penalties"): [count for _label, count in penalties]},
            unit=_("penalties"),
        ),
    ]


# The columns of the per-township table: (key, unit); counts, then a rate.
TOWNSHIP_COLUMNS = (
    ("leads", "count"),
    ("filed", "count"),
    ("closed", "count"),
    ("open_past_90", "count"),
    ("fines", "count"),
    ("fines_yuan", "yuan"),
    ("petitions_concluded_on_time", "percent"),
)


def _by_township(user, start: dt.date, end: dt.date) -> dict:
    """Each visible township's main figures, when the page shows more than one."""
    found = figures.case_statistics(user, start=start, end=end)
    if len(found.rows) < 2:
        return {"headers": [], "rows": []}
    labels = dict(figures.COUNTS + figures.RATES)

    def value(row, key, unit):
        raw = row.rates[key].value if unit == "percent" else row.counts[key]
        return display(raw, unit)

    return {
        "headers": [str(labels[key]) for key, _unit in TOWNSHIP_COLUMNS],
        "rows": [
            {
                "township": place,
                "values": [value(row, key, unit) for key, unit in TOWNSHIP_COLUMNS],
            }
            for place, row in found.rows
        ],
    }


@permission_required("casework.view_case", raise_exception=True)
@scoping.scoped
def statistics(request):
    """Leads, cases, penalties and petitions of a period, for one township or all."""
    form, chosen = _selection(request)
    context = {"form": form, "rows": [], "charts": []}
    if chosen is not None:
        start, end, township = chosen
        context.update(
            {
                "rows": _rows(request.user, start, end, township),
                "charts": _charts(request.user, start, end, township),
                "start": start,
                "last": end - dt.timedelta(days=1),
                "township": township,
                "by_township": None
                if township
                else _by_township(request.user, start, end),
                "query": request.GET.urlencode(),
            }
        )
    return render(request, "casework/statistics.html", context)


@permission_required("casework.view_case", raise_exception=True)
@scoping.scoped
def statistics_export(request):
    """The statistics table as XLSX or CSV through the core export (logged)."""
    try:
        options = exports.read_options(request.GET, user=request.user)
    except exports.ExportError as error:
        return HttpResponseBadRequest(error.message)
    form, chosen = _selection(request)
    if chosen is None:
        return HttpResponseBadRequest(" ".join(form.errors.get("date_to", [])))
    start, end, township = chosen
    last = end - dt.timedelta(days=1)
    return exports.export_response(
        request=request,
        user=request.user,
        rows=(
            [row["label"], _cell(row["raw"], row["unit"]), str(UNITS[row["unit"]])]
            for row in _rows(request.user, start, end, township)
        ),
        headers=[_("Figure"), _("Value"), _("Unit")],
        options=options,
        subject="casework.statistics",
        filters={
            "from": start.isoformat(),
            "to": last.isoformat(),
            "township": township.pk if township else "",
        },
        basename=f"case-statistics-{start:%Y%m%d}-{last:%Y%m%d}",
    )
