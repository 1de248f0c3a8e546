"""Statistics tables written nightly: every indicator per township, tiles, export."""

import io
import json
import zipfile

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bureau.indicators import Period
from bureau.models import AccessEvent, ExportJob
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


def _sheet_rows(content: bytes) -> list[tuple]:
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
    # The watermark line below the data fills the first cell only.
    return [row for row in rows if row[0] and row[1] is not None]


def test_the_auditor_exports_the_filtered_table(client, auditor, figures, village):
    client.force_login(auditor)
    month = f"{timezone.localdate():%Y-%m}"

    response = client.get(
        reverse("reports:statistics-export"),
        {"month": month, "township": village.township_id, "format": "xlsx"},
    )

    rows = _sheet_rows(b"".join(response.streaming_content))
    assert rows[0][:5] == ("月份", "镇街代码", "镇街", "指标代码", "指标")
    data = {row[3]: row for row in rows[1:]}
    assert {row[1] for row in rows[1:]} == {village.township_id}
    assert data[CORRECTIONS][:3] == (month, village.township_id, village.township.name)
    assert data[CORRECTIONS][6] == 3
    assert response["X-Export-Rows"] == str(len(rows) - 1)
    event = AccessEvent.objects.get(subject="reports.statistics")
    assert event.filters["township"] == village.township_id


def test_a_bad_month_is_refused_naming_it(client, auditor, figures):
    client.force_login(auditor)

    response = client.get(reverse("reports:statistics-export"), {"month": "2026-13"})

    assert response.status_code == 400
    assert "2026-13" in response.content.decode()
    assert not AccessEvent.objects.filter(subject="reports.statistics").exists()


@override_settings(EXPORT_BACKGROUND_ROWS=3)
def test_a_large_statistics_export_is_written_in_the_background(
    client, auditor, figures, village, other_village, django_capture_on_commit_callbacks
):
    client.force_login(auditor)
    expected = MonthlyFigure.objects.count()
    assert expected > 3

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reports:statistics-export"), {"format": "xlsx"})

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("exports:detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.kind, job.row_count) == (
        "ready",
        "reports.statistics",
        expected,
    )
    download = client.get(reverse("exports:download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    rows = _sheet_rows(archive.read(manifest["file"]))
    assert len(rows) - 1 == expected == manifest["row_count"]
    townships = {row[1] for row in rows[1:]}
    assert townships == {village.township_id, other_village.township_id}
    event = AccessEvent.objects.get(subject="reports.statistics")
    assert (event.row_count, event.checksum) == (expected, job.checksum)


def test_staff_export_only_their_townships_rows(staff, figures, village):
    from reports.exports import exportable_figures

    figures_seen, _applied = exportable_figures(staff, {})

    assert set(figures_seen.values_list("township_id", flat=True)) == {
        village.township_id
    }
