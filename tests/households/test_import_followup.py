"""After the dry run: the template a clerk fills in, the error report, the valid rows only."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.models import AccessEvent, ImportJob
from bureau.roles import Role
from households import labels
from households.models import Person
from tests.bureau.factories import UserFactory, VillageFactory
from tests.households.import_files import HEADERS, KEYS, family, xlsx_bytes


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def browser(client, staff):
    client.force_login(staff)
    return client


def _bad_rows(village):
    """A family whose spouse has a wrong check character: 2 valid rows, 1 error."""
    rows = family(village, "00001", serial=1)
    number = rows[1]["id_number"]
    rows[1]["id_number"] = number[:-1] + ("0" if number[-1] != "0" else "1")
    return rows


def _upload(client, data: bytes, **fields):
    return client.post(
        reverse("households:import-upload"),
        {"file": SimpleUploadedFile("register.xlsx", data), **fields},
    )


def _template(client):
    response = client.get(reverse("households:import-template"))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _column_format(sheet, number: int) -> str:
    """The number format of column `number` (1-based; adjacent columns share a range)."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= number <= dimension.max:
            return dimension.number_format
    return "General"


def test_the_template_lists_the_uploaders_villages_on_its_second_sheet(
    browser, village, other_village
):
    neighbour = VillageFactory.create(township=village.township)

    sheets = _template(browser).worksheets

    assert [sheet.title for sheet in sheets] == ["登记表", "村居代码", "填写说明"]
    listed = [row[:2] for row in sheets[1].iter_rows(min_row=2, values_only=True)]
    assert sorted(listed) == sorted(
        [(village.code, village.name), (neighbour.code, neighbour.name)]
    )
    assert other_village.code not in {code for code, _name in listed}


def test_the_template_offers_dropdowns_and_keeps_id_numbers_as_text(browser, village):
    data = _template(browser).worksheets[0]

    letter = {header: openpyxl.utils.get_column_letter(i + 1) for i, header in (
        enumerate(HEADERS))}  # fmt: skip
    lists = {
        str(rule.sqref).split(":")[0]: rule.formula1
        for rule in data.data_validations.dataValidation
        if rule.type == "list"
    }
    for header, words in (
        ("性别", labels.SEX),
        ("与户主关系", labels.RELATION),
        ("婚姻状况", labels.MARITAL_STATUS),
        ("居住状态", labels.RESIDENCE_STATUS),
        ("证件类型", labels.DOCUMENT_TYPE),
    ):
        offered = lists[f"{letter[header]}2"].strip('"').split(",")
        assert offered == list(words.values())
    assert lists[f"{letter['村居代码']}2"] == "'村居代码'!$A$2:$A$2"
    for header in ("证件号码", "村居代码", "户编号", "联系电话"):
        assert _column_format(data, HEADERS.index(header) + 1) == "@", header


def test_the_dropdowns_reach_the_last_row_and_other_words_only_warn(browser, village):
    data = _template(browser).worksheets[0]

    rules = [r for r in data.data_validations.dataValidation if r.type == "list"]

    assert len(rules) == 6  # five coded columns and the village code
    for rule in rules:
        first, last = str(rule.sqref).split(":")
        assert first.endswith("2")
        assert last.endswith("1048576")  # the whole column below the header
        assert rule.errorStyle == "warning"  # an accepted alias is not blocked


def test_the_village_codes_on_the_second_sheet_are_text_cells(browser, village):
    sheet = _template(browser).worksheets[1]

    code = sheet.cell(row=2, column=1)

    assert (code.value, code.data_type) == (village.code, "s")
    assert _column_format(sheet, 1) == "@"


def test_the_template_filled_in_with_its_own_words_passes_the_dry_run(browser, village):
    workbook = _template(browser)
    data = workbook.worksheets[0]
    for row in family(village, "00001", serial=1):
        data.append([row.get(key, "") for key in KEYS])
    filled = io.BytesIO()
    workbook.save(filled)

    _upload(browser, filled.getvalue())

    job = ImportJob.objects.get()
    assert (job.status, job.rows_invalid) == (ImportJob.Status.CHECKED, 0)
    page = browser.get(reverse("households:import-detail", args=[job.pk]))
    assert 'data-testid="import-commit"' in page.content.decode()


def test_the_error_report_is_built_without_the_uploaded_file(browser, village):
    rows = _bad_rows(village)
    _upload(browser, xlsx_bytes(rows))
    job = ImportJob.objects.get()
    Path(job.file.path).unlink()  # the report must not need the upload again

    response = browser.get(reverse("households:import-report", args=[job.pk]))

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    table = [list(r) for r in workbook.active.iter_rows(values_only=True)]
    assert table[0] == ["行号", *HEADERS, "错误"]
    row_three = next(r for r in table[1:] if r[0] == 3)
    assert row_three[HEADERS.index("证件号码") + 1] == rows[1]["id_number"]
    assert row_three[HEADERS.index("姓名") + 1] == "李娜"
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert (event.subject, event.object_id) == ("bureau.importjob", str(job.pk))
    assert event.row_count == len(table) - 1
    assert event.checksum == response["X-Export-SHA256"]


def test_the_kept_rows_are_encrypted_beside_the_upload(browser, village):
    rows = _bad_rows(village)
    _upload(browser, xlsx_bytes(rows))
    job = ImportJob.objects.get()

    kept = Path(f"{job.file.path}.rows").read_bytes()

    assert kept
    assert rows[1]["id_number"].encode() not in kept
    assert "李娜".encode() not in kept


def test_the_valid_rows_only_can_be_chosen_after_the_dry_run(browser, village):
    _upload(browser, xlsx_bytes(_bad_rows(village)))
    job = ImportJob.objects.get()
    detail = reverse("households:import-detail", args=[job.pk])
    page = browser.get(detail).content.decode()
    assert 'data-testid="import-valid-only"' in page
    assert 'data-testid="import-commit"' not in page

    response = browser.post(
        reverse("households:import-commit", args=[job.pk]), {"valid_only": "1"}
    )

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.valid_only, job.rows_created, job.rows_invalid) == (
        "done",
        True,
        2,
        1,
    )
    assert sorted(Person.objects.values_list("name", flat=True)) == ["张伟", "张小红"]
    assert ImportJob.objects.count() == 1  # nothing uploaded again


def test_a_plain_commit_of_a_file_with_errors_still_writes_nothing(browser, village):
    _upload(browser, xlsx_bytes(_bad_rows(village)))
    job = ImportJob.objects.get()

    browser.post(reverse("households:import-commit", args=[job.pk]))

    job.refresh_from_db()
    assert (job.status, job.valid_only) == ("checked", False)
    assert not Person.objects.exists()


def test_only_the_uploader_may_choose_the_valid_rows(client, staff, village):
    client.force_login(staff)
    _upload(client, xlsx_bytes(_bad_rows(village)))
    job = ImportJob.objects.get()
    colleague = UserFactory.create(role=Role.STAFF, townships=[village.township])
    client.force_login(colleague)

    response = client.post(
        reverse("households:import-commit", args=[job.pk]), {"valid_only": "1"}
    )

    assert response.status_code in (403, 404)
    job.refresh_from_db()
    assert (job.status, job.valid_only) == ("checked", False)
    assert not Person.objects.exists()
