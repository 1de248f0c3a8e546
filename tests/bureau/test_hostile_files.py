"""Hostile workbooks are refused with a message; the process that serves them survives.

Each file below once killed the server or held gigabytes (issue 14): a sparse
sheet naming A2 and XFD1048576, a zip whose sheet XML unpacks far past its size,
and a sheet with more rows than one import may hold.
"""

import io
import os
import zipfile

import psutil
import pytest
import xlsxwriter
from django.utils import translation

from bureau.imports import start_import
from bureau.models import ImportJob
from bureau.spreadsheets import Column, TableError, read_rows
from bureau.tasks import check_import_task
from households.importing import KIND

COLUMNS = [Column("name", ("姓名", "name"), required=True)]
# The test process may grow a little (imports, caches), never by what a reader needs.
RSS_GROWTH_MB = 60


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


def rss_mb() -> float:
    return psutil.Process(os.getpid()).memory_info().rss / 1024 / 1024


def sparse_xlsx(*, declared: bool = True) -> bytes:
    """The 1.7 kB attack: only A2 and XFD1048576 hold a value."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    sheet.write("A2", "姓名")
    sheet.write("XFD1048576", "x")
    workbook.close()
    if declared:
        return buffer.getvalue()
    return _rewrite_sheet(
        buffer.getvalue(),
        lambda xml: xml.replace(b'<dimension ref="A2:XFD1048576"/>', b""),
    )


def _rewrite_sheet(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            out.writestr(info.filename, content)
    return target.getvalue()


def bomb_xlsx(*, megabytes: int) -> bytes:
    """A small file whose sheet XML unpacks to `megabytes` MB of one long text per row."""
    text = "x" * 1000
    rows = megabytes * 1000

    def sheet(xml: bytes) -> bytes:
        body = "".join(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{text}</t></is></c></row>'
            for r in range(2, rows + 2)
        ).encode()
        return xml.replace(b"</sheetData>", body + b"</sheetData>")

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    workbook.add_worksheet().write("A1", "姓名")
    workbook.close()
    return _rewrite_sheet(buffer.getvalue(), sheet)


def tall_xlsx(rows: int) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write(0, 0, "姓名")
    for r in range(1, rows + 1):
        sheet.write(r, 0, f"name {r}")
    workbook.close()
    return buffer.getvalue()


def refusal(data: bytes, filename: str = "hostile.xlsx") -> str:
    before = rss_mb()
    with pytest.raises(TableError) as raised:
        list(read_rows(io.BytesIO(data), filename=filename, columns=COLUMNS))
    assert rss_mb() - before < RSS_GROWTH_MB
    return raised.value.message


def test_a_sparse_sheet_is_refused_by_its_declared_dimension():
    message = refusal(sparse_xlsx())

    assert "16384 columns; at most 200 columns" in message


def test_a_sparse_sheet_without_a_dimension_is_refused_by_its_cell_references():
    message = refusal(sparse_xlsx(declared=False))

    assert "16384 columns; at most 200 columns" in message


def test_a_wide_and_tall_range_is_refused_by_its_cell_count(settings):
    settings.SPREADSHEET_MAX_CELLS = 1000
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    sheet.write("A1", "姓名")
    sheet.write("CV20", "x")
    workbook.close()

    message = refusal(buffer.getvalue())

    assert "20 rows by 100 columns, more than the limit of 1000 cells" in message


def test_the_refusal_is_in_chinese_by_default():
    with translation.override("zh-hans"), pytest.raises(TableError) as raised:
        read_rows(io.BytesIO(sparse_xlsx()), filename="a.xlsx", columns=COLUMNS)

    assert "16384" in raised.value.message
    assert "200 列" in raised.value.message


def test_a_sheet_that_unpacks_past_the_limit_is_refused(settings):
    settings.SPREADSHEET_MAX_UNPACKED_MB = 5
    data = bomb_xlsx(megabytes=20)
    assert len(data) < 1024 * 1024

    message = refusal(data)

    assert "more than 5 MB" in message
    assert "xl/worksheets/sheet1.xml" in message


def test_a_sheet_with_too_many_rows_is_refused_whatever_the_format(settings):
    settings.SPREADSHEET_MAX_ROWS = 1000
    rows = "\r\n".join(["姓名", *(f"name {r}" for r in range(1500))])

    assert "more than 1000 rows" in refusal(tall_xlsx(1500))
    assert "more than 1000 rows" in refusal(rows.encode(), filename="tall.csv")


def test_a_sheet_within_the_limits_is_read(settings):
    settings.SPREADSHEET_MAX_ROWS = 1000

    rows = list(
        read_rows(io.BytesIO(tall_xlsx(999)), filename="ok.xlsx", columns=COLUMNS)
    )

    assert len(rows) == 999
    assert rows[-1] == (1000, {"name": "name 999"})


def test_a_reader_that_runs_out_of_memory_dies_alone(settings):
    """With the checks out of the way calamine itself meets the sparse sheet: its
    allocation fails in the reading process, never in this one."""
    settings.SPREADSHEET_MAX_CELLS = 10**12
    settings.SPREADSHEET_MAX_ROWS = 10**7
    settings.SPREADSHEET_MAX_COLUMNS = 10**5
    settings.SPREADSHEET_READ_MEMORY_MB = 300

    message = refusal(sparse_xlsx())

    assert "more than the limit of 300 MB of memory" in message


@pytest.mark.parametrize(
    ("make", "limits", "expected"),
    [
        (sparse_xlsx, {}, "最多只能读取 200 列"),
        (lambda: bomb_xlsx(megabytes=12), {"UNPACKED_MB": 10}, "10 MB"),
        (lambda: tall_xlsx(1200), {"ROWS": 1000}, "超过 1000 行"),
    ],
    ids=["sparse", "zip-bomb", "too-many-rows"],
)
def test_an_uploaded_hostile_file_fails_its_job_with_the_message(
    staff, settings, make, limits, expected
):
    """The job runs in the project language, so its message is the Chinese one."""
    for name, value in limits.items():
        setattr(settings, f"SPREADSHEET_MAX_{name}", value)
    job = start_import(by=staff, kind=KIND, file=io.BytesIO(make()), filename="a.xlsx")
    before = rss_mb()

    check_import_task.delay(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert expected in job.message
    assert rss_mb() - before < RSS_GROWTH_MB
