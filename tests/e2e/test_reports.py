"""In Chromium: the chief publishes a month and sees the ranking and its chart."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone

from bureau.indicators import Period
from reports import statistics
from reports.models import Directive
from tests.bureau.factories import enrol_authenticator, totp_code
from tests.e2e.test_background_exports import PASSWORD
from tests.reports.conftest import (  # noqa: F401 (fixtures)
    applied_corrections,
    issued,
    month,
    run_now,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user) -> None:
    device = enrol_authenticator(user)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/account/verify/**")
    page.fill("input[name=code]", totp_code(device))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_the_chief_publishes_the_month_and_sees_the_ranking_chart(
    page,
    live_server,
    chief,
    issued,  # noqa: F811
    village,
    other_village,
):
    run_now(issued)
    _log_in(page, live_server, chief)

    page.goto(f"{live_server.url}/reports/directives/{issued.pk}/")
    page.get_by_test_id("publish").click()

    page.wait_for_url(f"{live_server.url}/reports/?month=*")
    assert page.get_by_test_id("ranking-status").inner_text() == "已发布"
    names = page.locator("[data-testid=ranking-table] tbody tr td:nth-child(2)")
    assert names.all_inner_texts() == [
        village.township.name,
        other_village.township.name,
    ]
    page.wait_for_selector("[data-testid=ranking-chart] [data-chart-drawn] svg")
    labels = page.locator("[data-testid=ranking-chart] [data-chart-drawn] svg text")
    assert labels.filter(has_text=village.township.name).count() >= 1
    assert Directive.objects.get(pk=issued.pk).status == Directive.Status.PUBLISHED


def test_an_auditor_exports_filtered_statistics_and_the_file_opens(
    page, live_server, auditor, village, other_village
):
    applied_corrections(village, 2)
    applied_corrections(other_village, 1)
    statistics.refresh_month(period=Period.containing(timezone.localdate()))
    _log_in(page, live_server, auditor)

    page.goto(f"{live_server.url}/reports/statistics/")
    page.select_option("select[name=township]", village.township_id)
    page.locator("[data-testid=statistics-filters] button[type=submit]").click()
    page.wait_for_url("**township=*")
    with page.expect_download() as download:
        page.locator("[data-testid=statistics-export] a", has_text="XLSX").click()

    assert download.value.suggested_filename.endswith(".xlsx")
    content = io.BytesIO(Path(download.value.path()).read_bytes())
    rows = list(openpyxl.load_workbook(content).active.values)
    data = [row for row in rows[1:] if row[1] is not None]  # not the watermark line
    # One row per month, township and indicator: only the chosen township's.
    assert {row[1:3] for row in data} == {(village.township_id, village.township.name)}
    corrections = [row for row in data if row[3] == "households.corrections_applied"]
    assert [row[6] for row in corrections] == [2]
