"""Charts from a JSON payload the view builds, drawn by the vendored ECharts.

A view builds a payload with `chart(...)` and the template renders it with
`{% load charts %}{% chart payload %}`, plus `{% chart_scripts %}` once in the page's
scripts block. The payload travels as a JSON data block (`json_script`), never as inline
script, so the page works under the Content Security Policy; `static/js/charts.js` draws
it. The same numbers are always rendered as a table beside the chart, for screen readers,
for printing and for anyone who wants the figures.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

KINDS = ("bar", "line", "pie")


def _number(value: Any, *, series: str, position: int) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(
            f"Series {series!r} has a value that is not a number at position "
            f"{position + 1}: {value!r}."
        )
    return int(value) if isinstance(value, int) else float(value)


def chart(
    *,
    kind: str,
    title: str,
    categories: Sequence[Any],
    series: Mapping[str, Sequence[Any]],
    unit: str = "",
) -> dict[str, Any]:
    """A chart payload: `series` maps each series name to one value per category.

    Raises ValueError naming the series when a series does not have exactly one number
    (or None for a gap) per category, or a pie chart has more than one series.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown chart kind {kind!r}; use one of {', '.join(KINDS)}.")
    if not series:
        raise ValueError("A chart needs at least one series.")
    if kind == "pie" and len(series) != 1:
        raise ValueError("A pie chart shows exactly one series.")
    labels = [str(category) for category in categories]
    rows = []
    for name, values in series.items():
        values = list(values)
        if len(values) != len(labels):
            raise ValueError(
                f"Series {name!r} has {len(values)} values for {len(labels)} categories."
            )
        rows.append(
            {
                "name": str(name),
                "data": [
                    _number(value, series=str(name), position=position)
                    for position, value in enumerate(values)
                ],
            }
        )
    return {
        "type": kind,
        "title": str(title),
        "unit": str(unit),
        "categories": labels,
        "series": rows,
    }


def table_rows(payload: Mapping[str, Any]) -> list[tuple[str, list[Any]]]:
    """(category, [value of each series]) rows: the chart's numbers as a table."""
    return [
        (category, [series["data"][position] for series in payload["series"]])
        for position, category in enumerate(payload["categories"])
    ]
