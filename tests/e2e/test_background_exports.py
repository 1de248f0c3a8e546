"""In Chromium: a background export's page polls its progress bar, then offers the download."""

import pytest

from bureau import export_jobs
from bureau.models import ExportJob
from bureau.roles import Role
from tests.bureau.factories import (
    UserFactory,
    VillageFactory,
    enrol_authenticator,
    totp_code,
)
from tests.bureau.test_background_exports import VILLAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


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


def test_the_progress_bar_turns_into_a_download_when_the_worker_finishes(
    page, live_server
):
    auditor = UserFactory.create(username="export-auditor", role=Role.AUDITOR)
    for n in range(3):
        VillageFactory.create(name=f"光明村{n}")
    job = ExportJob.objects.create(
        kind=VILLAGES.kind, requested_by=auditor, fmt="xlsx", rows_expected=3
    )
    _log_in(page, live_server, auditor)

    page.goto(f"{live_server.url}/exports/{job.pk}/")
    page.wait_for_selector("[data-testid=export-progress] progress")
    assert page.locator("[data-testid=export-download]").count() == 0

    export_jobs.run_export(str(job.pk))

    download_link = page.locator("[data-testid=export-download]")
    download_link.wait_for(timeout=10_000)
    assert "3" in page.locator("[data-testid=export-manifest]").inner_text()
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".zip")


def test_an_auditor_exporting_a_large_register_lands_on_the_job_and_downloads_it(
    page, live_server, settings
):
    from tests.households.factories import HouseholdFactory, PersonFactory

    settings.EXPORT_BACKGROUND_ROWS = 2
    auditor = UserFactory.create(username="register-auditor", role=Role.AUDITOR)
    household = HouseholdFactory.create(village=VillageFactory.create())
    for _ in range(3):
        PersonFactory.create(household=household)
    _log_in(page, live_server, auditor)

    page.goto(f"{live_server.url}/households/persons/")
    page.locator("[data-testid=export-xlsx]").click()

    page.wait_for_url(f"{live_server.url}/exports/**")
    download_link = page.locator("[data-testid=export-download]")
    download_link.wait_for(timeout=10_000)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.startswith("人口登记-")
