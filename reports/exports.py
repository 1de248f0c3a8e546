"""The statistics export, offered to the core export path (found by bureau.exports).

One row per month, township and indicator, as the nightly job stored it. A small export
is sent at once; above EXPORT_BACKGROUND_ROWS rows a background job writes the same
file and the same access event (bureau.export_jobs). Statistics hold counts and rates
only, no personal data, so there is nothing to mask.
"""

import datetime
from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bureau.exports import ExportError, ExportSource, register_export_source
from bureau.indicators import all_indicators
from reports import selectors
from reports.models import MonthlyFigure

HEADERS = (
    "月份",
    "镇街代码",
    "镇街",
    "指标代码",
    "指标",
    "单位",
    "分子",
    "分母",
    "数值",
)
CHUNK = 5000


def _month(text: str, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise ExportError(
            _("%(field)s must be a month such as 2026-03, not %(value)s.")
            % {"field": field, "value": text[:20]}
        ) from None


def exportable_figures(
    user: Any, params: Mapping[str, str]
) -> tuple[QuerySet[MonthlyFigure], dict[str, Any]]:
    """The statistics rows `user` may see, narrowed by month (or from/to), township and
    indicator, and the filters applied."""
    figures = selectors.visible_monthly_figures(user)
    applied: dict[str, Any] = {}
    for key, lookup in (
        ("month", "month"),
        ("from", "month__gte"),
        ("to", "month__lte"),
    ):
        value = (params.get(key) or "").strip()
        if value:
            figures = figures.filter(**{lookup: _month(value, key)})
            applied[key] = value
    for key, lookup in (("township", "township_id"), ("indicator", "indicator")):
        value = (params.get(key) or "").strip()
        if value:
            figures = figures.filter(**{lookup: value})
            applied[key] = value
    return figures.order_by("month", "township_id", "indicator"), applied


def _value(numerator, denominator):
    if denominator is None:
        return numerator
    return round(numerator / denominator, 6) if denominator else None


def statistics_rows(figures: QuerySet[MonthlyFigure]) -> Iterator[list[object]]:
    """The export's rows, read in chunks; an indicator no longer installed keeps its code."""
    indicators = all_indicators()
    rows = figures.values_list(
        "month",
        "township_id",
        "township__name",
        "indicator",
        "numerator",
        "denominator",
    ).iterator(chunk_size=CHUNK)
    for month, code, name, indicator_code, numerator, denominator in rows:
        indicator = indicators.get(indicator_code)
        yield [
            f"{month:%Y-%m}",
            code,
            name,
            indicator_code,
            str(indicator.label) if indicator else indicator_code,
            indicator.unit if indicator else "",
            numerator,
            denominator,
            _value(numerator, denominator),
        ]


STATISTICS = register_export_source(
    ExportSource(
        kind="reports.statistics",
        subject="reports.statistics",
        basename="月度统计",
        sheet_title="月度统计",
        headers=HEADERS,
        select=exportable_figures,
        rows=lambda figures, unmasked: statistics_rows(figures),
        permission="reports.view_monthlyfigure",
    )
)
