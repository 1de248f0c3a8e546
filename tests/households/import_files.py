"""Register files built in tests: rows keyed like the template, written as CSV or XLSX."""

import csv
import io
from datetime import date

import xlsxwriter

from households.importing import TEMPLATE_COLUMNS
from tests.households.factories import make_id_number

HEADERS = [column.headers[0] for column in TEMPLATE_COLUMNS]
KEYS = [column.name for column in TEMPLATE_COLUMNS]
SEX_WORD = {"M": "男", "F": "女"}


def person_row(
    village,
    household_no: str,
    *,
    name: str,
    relation: str = "户主",
    born: date = date(1980, 1, 1),
    sex: str = "M",
    serial: int = 1,
    address: str = "幸福村1组1号",
    **overrides,
) -> dict[str, str]:
    """One row as a township clerk fills it in, with a valid ID number."""
    row = {
        "household_no": household_no,
        "village_code": village.code,
        "address": address,
        "name": name,
        "document_type": "居民身份证",
        "id_number": make_id_number(birth_date=born, sex=sex, serial=serial),
        "sex": SEX_WORD.get(sex, sex),
        "birth_date": born.isoformat(),
        "ethnicity": "汉族",
        "relation": relation,
        "marital_status": "已婚",
        "residence_status": "常住",
        "phone": "13800138000",
    }
    row.update(overrides)
    return row


def family(village, household_no: str, *, serial: int, address: str = "") -> list[dict]:
    """A head, a spouse and a daughter."""
    address = address or f"幸福村1组{household_no}号"
    return [
        person_row(village, household_no, name="张伟", serial=serial, address=address),
        person_row(
            village,
            household_no,
            name="李娜",
            relation="配偶",
            sex="F",
            born=date(1982, 3, 4),
            serial=serial,
            address=address,
            phone="",
        ),
        person_row(
            village,
            household_no,
            name="张小红",
            relation="女",
            sex="F",
            born=date(2010, 6, 7),
            serial=serial,
            address=address,
            marital_status="未婚",
            phone="",
        ),
    ]


def table(rows: list[dict], *, headers=HEADERS, keys=KEYS) -> list[list[str]]:
    return [list(headers), *([row.get(key, "") for key in keys] for row in rows)]


def csv_bytes(rows: list[dict], *, encoding: str = "utf-8", **kwargs) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table(rows, **kwargs))
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[dict], **kwargs) -> bytes:
    """An XLSX whose cells are all text cells, exactly as typed (formulas included)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("登记表")
    for r, values in enumerate(table(rows, **kwargs)):
        for c, value in enumerate(values):
            sheet.write_string(r, c, value)
    workbook.close()
    return buffer.getvalue()


def write_file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path
