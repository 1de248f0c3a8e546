"""The import pages and the import_register command: upload, report, commit, scope."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from bureau.imports import start_import
from bureau.models import AccessEvent, ImportJob
from bureau.roles import Role
from households.importing import KIND
from households.models import Person
from tests.bureau.factories import UserFactory
from tests.households.import_files import (
    HEADERS,
    csv_bytes,
    family,
    write_file,
    xlsx_bytes,
)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def browser(client, staff):
    client.force_login(staff)
    return client


def bad_rows(village):
    rows = family(village, "00001", serial=1)
    rows[1]["id_number"] = rows[1]["id_number"][:-1] + (
        "0" if rows[1]["id_number"][-1] != "0" else "1"
    )
    return rows


def upload(client, data: bytes, name: str = "register.xlsx", **fields):
    return client.post(
        reverse("households:import-upload"),
        {"file": SimpleUploadedFile(name, data), **fields},
    )


def test_upload_page_offers_the_template_and_the_valid_only_choice(browser):
    response = browser.get(reverse("households:import-upload"))

    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("households:import-template") in page
    assert 'name="valid_only"' in page
    assert 'type="file"' in page


def test_navigation_offers_import_to_staff_only(client, staff, auditor):
    url = reverse("households:import-upload")
    client.force_login(staff)
    assert url in client.get(reverse("home")).content.decode()
    client.force_login(auditor)
    assert url not in client.get(reverse("home")).content.decode()


def test_an_upload_with_errors_shows_the_row_report(browser, village):
    response = upload(browser, xlsx_bytes(bad_rows(village)))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("households:import-detail", args=[job.pk])
    page = browser.get(response.url).content.decode()
    assert job.status == ImportJob.Status.CHECKED
    assert 'data-testid="import-errors"' in page
    assert "证件号码" in page
    assert '<td class="text-end">3</td>' in page
    assert 'data-testid="import-blocked"' in page
    assert 'data-testid="import-commit"' not in page
    assert not Person.objects.exists()


def test_a_clean_upload_is_committed_with_the_button(browser, village):
    upload(browser, csv_bytes(family(village, "00001", serial=1)), name="r.csv")
    job = ImportJob.objects.get()
    detail = browser.get(reverse("households:import-detail", args=[job.pk]))
    assert 'data-testid="import-commit"' in detail.content.decode()

    response = browser.post(reverse("households:import-commit", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Person.objects.count() == 3
    assert browser.post(reverse("households:import-commit", args=[job.pk])).url


def test_valid_only_upload_commits_the_good_rows(browser, village):
    upload(browser, xlsx_bytes(bad_rows(village)), valid_only="on")
    job = ImportJob.objects.get()
    assert job.valid_only

    browser.post(reverse("households:import-commit", args=[job.pk]))

    job.refresh_from_db()
    assert (job.status, job.rows_created, job.rows_invalid) == ("done", 2, 1)
    assert Person.objects.count() == 2


def test_the_error_report_is_a_logged_workbook_with_an_error_column(browser, village):
    rows = bad_rows(village)
    rows[0]["address"] = "=HYPERLINK(1)"
    upload(browser, xlsx_bytes(rows))
    job = ImportJob.objects.get()

    response = browser.get(reverse("households:import-report", args=[job.pk]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert table[0] == ["行号", *HEADERS, "错误"]
    by_row = {r[0]: r for r in table[1:]}
    assert set(by_row) <= {2, 3, 4}
    assert by_row[3][HEADERS.index("证件号码") + 1] == rows[1]["id_number"]
    assert any(p.startswith("证件号码") for p in by_row[3][-1].split("；"))
    if 2 in by_row:  # only a warning (region code), with its formula cell disarmed
        assert by_row[2][-1].startswith("(!)")
        assert by_row[2][HEADERS.index("地址") + 1] == "'=HYPERLINK(1)"
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert (event.subject, event.object_id) == ("bureau.importjob", str(job.pk))
    assert event.checksum


def test_the_template_has_a_header_only_data_sheet(browser):
    response = browser.get(reverse("households:import-template"))

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, _villages, notes = workbook.worksheets
    assert [list(r) for r in data.iter_rows(values_only=True)] == [HEADERS]
    example = [
        row[2] for row in notes.iter_rows(min_row=2, max_row=14, values_only=True)
    ]
    assert "户主" in example


def test_another_townships_job_answers_404(client, village, other_village, staff):
    job = start_import(
        by=staff,
        kind=KIND,
        file=io.BytesIO(csv_bytes(family(village, "00001", serial=1))),
        filename="r.csv",
    )
    stranger = UserFactory.create(role=Role.STAFF, townships=[other_village.township])
    client.force_login(stranger)

    for name in ("import-detail", "import-progress", "import-report"):
        assert client.get(reverse(f"households:{name}", args=[job.pk])).status_code == (
            404
        )
    assert (
        client.post(reverse("households:import-commit", args=[job.pk])).status_code
        == 404
    )
    assert job.pk not in [j.pk for j in client.get(reverse("households:import-list"))
                          .context["page"]]  # fmt: skip


def test_auditors_read_every_job_but_cannot_upload_or_commit(
    client, staff, auditor, village
):
    job = start_import(
        by=staff,
        kind=KIND,
        file=io.BytesIO(csv_bytes(family(village, "00001", serial=1))),
        filename="r.csv",
    )
    client.force_login(auditor)

    assert client.get(
        reverse("households:import-detail", args=[job.pk])
    ).status_code == (200)
    assert client.get(reverse("households:import-list")).status_code == 200
    assert client.get(reverse("households:import-upload")).status_code == 403
    assert upload(client, b"x", name="r.csv").status_code == 403
    response = client.post(reverse("households:import-commit", args=[job.pk]))
    assert response.status_code == 403
    assert not ImportJob.objects.exclude(pk=job.pk).exists()


def test_progress_polls_while_running_and_reloads_when_done(browser, staff, village):
    job = start_import(
        by=staff,
        kind=KIND,
        file=io.BytesIO(csv_bytes(family(village, "00001", serial=1))),
        filename="r.csv",
    )
    ImportJob.objects.filter(pk=job.pk).update(status="checking", progress=40)
    url = reverse("households:import-progress", args=[job.pk])

    running = browser.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert "40%" in running

    ImportJob.objects.filter(pk=job.pk).update(status="checked", progress=100)
    done = browser.get(url, headers={"HX-Request": "true"})
    assert done.status_code == 204
    assert done["HX-Refresh"] == "true"
    # A commit the worker has not picked up yet keeps the page polling.
    queued = browser.get(f"{url}?wait=commit", headers={"HX-Request": "true"})
    assert queued.status_code == 200
    assert "?wait=commit" in queued.content.decode()


def test_a_queued_upload_polls_and_offers_no_commit(browser, staff, village):
    job = start_import(
        by=staff,
        kind=KIND,
        file=io.BytesIO(csv_bytes(family(village, "00001", serial=1))),
        filename="r.csv",
    )

    page = browser.get(reverse("households:import-detail", args=[job.pk]))

    html = page.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert 'data-testid="import-commit"' not in html


def test_a_wrong_file_type_is_refused_on_the_form(browser):
    response = upload(browser, b"hello", name="register.txt")

    assert response.status_code == 200
    assert 'data-testid="upload-error"' in response.content.decode()
    assert not ImportJob.objects.exists()


# --- the command ------------------------------------------------------------------


def test_command_dry_run_prints_the_report_and_exits_1(staff, village, tmp_path):
    path = write_file(tmp_path, "r.xlsx", xlsx_bytes(bad_rows(village)))
    out = io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command(
            "import_register",
            str(path),
            "--dry-run",
            "--as",
            staff.username,
            stdout=out,
        )

    assert failed.value.returncode == 1
    assert "row 3, 证件号码" in out.getvalue()
    assert not Person.objects.exists()
    assert ImportJob.objects.get().status == ImportJob.Status.CHECKED


def test_command_commits_as_the_user(staff, village, tmp_path):
    path = write_file(tmp_path, "r.csv", csv_bytes(family(village, "00001", serial=1)))
    out = io.StringIO()

    call_command("import_register", str(path), "--as", staff.username, stdout=out)

    job = ImportJob.objects.get()
    assert (job.status, job.created_by, job.rows_created) == ("done", staff, 3)
    assert "added 3" in out.getvalue()
    assert Person.objects.count() == 3


def test_command_valid_only_commits_the_good_rows(staff, village, tmp_path):
    path = write_file(tmp_path, "r.xlsx", xlsx_bytes(bad_rows(village)))

    call_command(
        "import_register", str(path), "--valid-only", "--as", staff.username,
        stdout=io.StringIO(),
    )  # fmt: skip

    assert Person.objects.count() == 2


def test_command_refuses_unknown_users_and_roles_without_import(
    auditor, village, tmp_path
):
    path = write_file(tmp_path, "r.csv", csv_bytes(family(village, "00001", serial=1)))
    with pytest.raises(CommandError, match="nobody"):
        call_command("import_register", str(path), "--as", "nobody")
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_register", str(path), "--as", auditor.username)
    assert not ImportJob.objects.exists()


def test_the_generic_import_command_takes_the_kind(staff, village, tmp_path):
    path = write_file(tmp_path, "r.csv", csv_bytes(family(village, "00001", serial=1)))
    out = io.StringIO()

    call_command(
        "import", "households.register", str(path), "--as", staff.username, stdout=out
    )

    assert ImportJob.objects.get().kind == "households.register"
    assert "added 3" in out.getvalue()
    assert Person.objects.count() == 3
    with pytest.raises(CommandError, match="Unknown import kind 'nothing'"):
        call_command("import", "nothing", str(path), "--as", staff.username)
