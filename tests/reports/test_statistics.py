"""Statistics tables written nightly: every indicator per township, tiles, export."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.indicators import Period
from reports import statistics
from reports.models import MonthlyFigure
from reports.tasks import refresh_statistics_task
from tests.reports.conftest import applied_corrections

CORRECTIONS = "households.corrections_applied"


@pytest.fixture
def figures(village, other_village):
    applied_corrections(village, 3)
    applied_corrections(other_village, 1)
    statistics.refresh_month(period=Period.containing(timezone.localdate()))


def test_every_indicator_is_stored_per_township_and_a_rerun_replaces_it(
    figures, village, other_village
):
    rows = MonthlyFigure.objects.filter(
        indicator=CORRECTIONS, month=timezone.localdate().replace(day=1)
    )
    first = {row.township_id: row.numerator for row in rows}
    applied_corrections(other_village, 1)
    assert refresh_statistics_task() > 0

    again = {row.township_id: row.numerator for row in rows.all()}
    assert first == {village.township_id: 3, other_village.township_id: 1}
    assert again[other_village.township_id] == 2
    assert rows.count() == 2


def test_the_chief_sees_tiles_added_up_over_townships(client, chief, figures, issued):
    from tests.reports.conftest import run_now

    run_now(issued)
    client.force_login(chief)

    page = client.get(reverse("reports:ranking"))

    tiles = {tile.code: tile for tile in page.context["tiles"]}
    assert tiles[CORRECTIONS].numerator == 4
    assert 'data-testid="overdue-clocks"' in page.content.decode()


def test_staff_see_only_their_townships_statistics(
    client, staff, figures, other_village
):
    client.force_login(staff)

    page = client.get(reverse("reports:statistics")).content.decode()

    assert other_village.township.name not in page
    assert "Register corrections made" in page


def test_the_auditor_exports_the_filtered_table(client, auditor, figures, village):
    client.force_login(auditor)
    month = f"{timezone.localdate():%Y-%m}"

    response = client.get(
        reverse("reports:statistics-export"),
        {"month": month, "township": village.township_id, "format": "xlsx"},
    )

    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
    ).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("Township code", "Township")
    data = [
        row for row in rows[1:] if row[0] and not str(row[0]).startswith("Exported")
    ]
    assert [row[:2] for row in data] == [(village.township_id, village.township.name)]
