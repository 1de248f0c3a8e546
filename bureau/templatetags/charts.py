"""{% chart payload %} draws a chart with its numbers as a table; {% chart_scripts %} loads it."""

import itertools

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from bureau.charts import table_rows

register = template.Library()
_ids = itertools.count(1)


@register.inclusion_tag("partials/_chart.html")
def chart(payload, table: str = "visible"):
    """The chart and, below it, a table of the same numbers.

    `table="print"` keeps the table for screen readers and print but hides it on screen.
    """
    chart_id = f"chart-{next(_ids)}"
    return {
        "chart": payload,
        "chart_id": chart_id,
        "rows": table_rows(payload),
        "table_visible": table != "print",
    }


@register.simple_tag
def chart_scripts():
    """The script tags for ECharts and the chart helper (once per page)."""
    return format_html(
        '<script src="{}" defer></script><script src="{}" defer></script>',
        static("vendor/echarts/echarts.min.js"),
        static("js/charts.js"),
    )
