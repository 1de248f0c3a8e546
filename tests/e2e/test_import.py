"""Township staff import a register file in a real browser and read the row report."""

import io

import pytest
from django.utils import translation

from bureau.imports import check_import, start_import
from bureau.models import ImportJob
from bureau.roles import Role
from households.importing import KIND
from households.models import Person
from tests.bureau.factories import UserFactory, VillageFactory
from tests.households.import_files import family, xlsx_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def clerk():
    village = VillageFactory.create(name="幸福村")
    user = UserFactory.create(role=Role.STAFF, townships=[village.township])
    return user, village


def log_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def upload(page, live_server, data: bytes) -> None:
    page.goto(f"{live_server.url}/households/imports/new/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "幸福村登记表.xlsx", "mimeType": XLSX, "buffer": data}],
    )
    page.get_by_test_id("import-submit").click()
    page.get_by_test_id("import-status").wait_for()


def test_staff_upload_a_file_with_errors_and_read_the_row_report(
    page, live_server, clerk
):
    user, village = clerk
    rows = family(village, "00001", serial=1)
    rows[1]["id_number"] = rows[1]["id_number"][:-1] + (
        "0" if rows[1]["id_number"][-1] != "0" else "1"
    )
    rows[2]["relation"] = "舅舅"
    log_in(page, live_server, user)

    upload(page, live_server, xlsx_bytes(rows))

    report = page.get_by_test_id("import-errors")
    report.wait_for()
    id_error = report.locator("tr", has_text="证件号码").filter(has_not_text="地区代码")
    assert id_error.locator("td").first.inner_text() == "3"
    assert id_error.locator("td").nth(2).inner_text().strip()
    relation_error = report.locator("tr", has_text="与户主关系")
    assert relation_error.locator("td").first.inner_text() == "4"
    assert "舅舅" in relation_error.inner_text()
    assert page.get_by_test_id("import-blocked").is_visible()
    assert page.get_by_test_id("import-commit").count() == 0
    assert page.get_by_test_id("import-report").is_visible()
    assert not Person.objects.exists()


def test_staff_import_a_clean_file_after_the_dry_run(page, live_server, clerk):
    user, village = clerk
    log_in(page, live_server, user)

    upload(page, live_server, xlsx_bytes(family(village, "00001", serial=1)))
    page.get_by_test_id("import-commit").click()

    page.get_by_test_id("import-totals").wait_for()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    with translation.override("zh-hans"):  # the browser reads the pages in Chinese
        shown = str(job.get_status_display())
    assert page.get_by_test_id("import-status").inner_text() == shown
    assert Person.objects.filter(household__village=village).count() == 3


def test_the_progress_bar_polls_until_the_job_is_done(page, live_server, clerk):
    user, village = clerk
    rows = family(village, "00001", serial=1)
    rows[2]["relation"] = "舅舅"
    job = start_import(
        by=user, kind=KIND, file=io.BytesIO(xlsx_bytes(rows)), filename="r.xlsx"
    )
    ImportJob.objects.filter(pk=job.pk).update(status="checking", progress=40)
    log_in(page, live_server, user)

    page.goto(f"{live_server.url}/households/imports/{job.pk}/")
    bar = page.get_by_test_id("import-progress")
    assert "40%" in bar.inner_text()
    ImportJob.objects.filter(pk=job.pk).update(status="uploaded")
    check_import(job.pk)  # the worker finishes; the page reloads on its next poll

    page.get_by_test_id("import-errors").wait_for()
    assert page.get_by_test_id("import-progress").count() == 0
    assert "舅舅" in page.get_by_test_id("import-errors").inner_text()
