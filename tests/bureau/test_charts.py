"""Charts: a payload the view builds, drawn by vendored ECharts, its numbers in a table."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

from bureau.charts import chart

STATIC = Path(settings.BASE_DIR) / "static"
PAGE = (
    "{% load charts %}{% chart payload %}{% chart payload table='print' %}"
    "{% chart_scripts %}"
)


def births() -> dict:
    return chart(
        kind="bar",
        title="各镇街出生登记",
        categories=["东关街道", "西山镇"],
        series={"2025年": [132, 87], "2026年": [120, None]},
        unit="人",
    )


def _render(payload) -> str:
    return engines["django"].from_string(PAGE).render({"payload": payload})


def test_the_payload_holds_the_categories_and_one_number_per_category():
    payload = births()

    assert payload["type"] == "bar"
    assert payload["categories"] == ["东关街道", "西山镇"]
    assert payload["series"] == [
        {"name": "2025年", "data": [132, 87]},
        {"name": "2026年", "data": [120, None]},
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "radar"}, "Unknown chart kind"),
        ({"series": {"2025年": [1]}}, "'2025年' has 1 values for 2 categories"),
        ({"series": {"2025年": [1, "many"]}}, "not a number at position 2"),
        ({"kind": "pie"}, "exactly one series"),
        ({"series": {}}, "at least one series"),
    ],
)
def test_a_malformed_chart_is_refused_with_the_series_named(kwargs, message):
    arguments = {
        "kind": "bar",
        "title": "t",
        "categories": ["a", "b"],
        "series": {"x": [1, 2], "y": [3, 4]},
        **kwargs,
    }

    with pytest.raises(ValueError, match=message):
        chart(**arguments)


def test_the_chart_renders_as_a_json_data_block_with_the_same_numbers_in_a_table():
    html = _render(births())

    blocks = re.findall(r'<script id="(chart-\d+)" type="application/json">', html)
    assert len(blocks) == 2
    assert blocks[0] != blocks[1]
    assert f'data-chart="{blocks[0]}"' in html
    assert "&quot;" not in html.split("application/json")[1].split("</script>")[0]
    table = html.split("<table", 1)[1].split("</table>", 1)[0]
    assert re.search(r"东关街道</th><td[^>]*>132</td><td[^>]*>120</td>", table)
    assert re.search(r"西山镇</th><td[^>]*>87</td><td[^>]*>—</td>", table)
    assert "<caption>各镇街出生登记 (人)</caption>" in table


def test_the_print_only_table_is_hidden_on_screen_but_kept_for_readers():
    html = _render(births())

    assert html.count("app-chart-table") == 2
    assert html.count("visually-hidden d-print-block") == 1


def test_no_inline_script_runs_only_the_vendored_files():
    html = _render(births())

    executable = re.findall(r"<script(?![^>]*application/json)[^>]*>", html)
    assert executable
    assert all("src=" in tag for tag in executable)
    assert "vendor/echarts/echarts.min.js" in html
    assert "js/charts.js" in html


def test_echarts_is_vendored_with_its_licence():
    library = STATIC / "vendor/echarts/echarts.min.js"

    assert library.stat().st_size > 500_000
    assert 't.version="6.1.0"' in library.read_text()[-400:]
    assert "Apache License" in (STATIC / "vendor/echarts/LICENSE").read_text()
