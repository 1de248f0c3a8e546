"""Writing exports (XLSX, CSV) in constant memory with formula-injection protection."""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import xlsxwriter
from django.utils import timezone
from xlsxwriter.worksheet import Worksheet

# security-and-reliability.md §2.1: a trigger after any leading blanks/controls/BOM.
FORMULA_TRIGGER = re.compile(r"^[\uFEFF\x00-\x1F\x7F\s]*[=+\-@|%]")
MAX_DATA_ROWS_PER_SHEET = 1_048_575
CSV_CHUNK_BYTES = 64 * 1024
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31
_EXACT_INT_LIMIT = 10**15
_WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "nan_inf_to_errors": True,
}


def neutralize(value: object) -> object:
    """Return value with "'" prepended if it is a string a spreadsheet could run."""
    if isinstance(value, str) and FORMULA_TRIGGER.match(value):
        return "'" + value
    return value


def _naive_local(value: datetime) -> datetime:
    if timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _sheet_name(title: str, *, number: int) -> str:
    base = _SHEET_NAME_FORBIDDEN.sub("_", title).strip("'") or "Sheet"
    suffix = f" ({number})" if number > 1 else ""
    return base[: _SHEET_NAME_MAX - len(suffix)] + suffix


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class _XlsxSheets:
    """Opens a new worksheet, with the header row, whenever the current one is full."""

    def __init__(
        self, workbook: xlsxwriter.Workbook, *, headers: Sequence[str], title: str
    ) -> None:
        self.workbook = workbook
        self.headers = [str(h) for h in headers]
        self.title = title
        self.count = 0
        self.header_format = workbook.add_format({"bold": True})
        self.date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime_format = workbook.add_format(
            {"num_format": "yyyy-mm-dd hh:mm:ss"}
        )
        self.time_format = workbook.add_format({"num_format": "hh:mm:ss"})
        self.decimal_formats: dict[int, object] = {}
        self.sheet = self.open_next()

    def open_next(self) -> Worksheet:
        self.count += 1
        sheet = self.workbook.add_worksheet(_sheet_name(self.title, number=self.count))
        for index, header in enumerate(self.headers):
            sheet.set_column(index, index, max(10, _display_width(header) + 2))
        sheet.freeze_panes(1, 0)
        for index, header in enumerate(self.headers):
            sheet.write_string(0, index, str(neutralize(header)), self.header_format)
        self.sheet = sheet
        return sheet

    def decimal_format(self, value: Decimal) -> object | None:
        exponent = value.as_tuple().exponent
        places = min(-exponent, 6) if isinstance(exponent, int) and exponent < 0 else 0
        if places == 0:
            return None
        if places not in self.decimal_formats:
            self.decimal_formats[places] = self.workbook.add_format(
                {"num_format": "0." + "0" * places}
            )
        return self.decimal_formats[places]

    def write_cell(self, row: int, col: int, value: object) -> None:
        sheet = self.sheet
        if type(value) is str:
            # Most cells of an export: checked first, before the other types.
            if FORMULA_TRIGGER.match(value):
                value = "'" + value
            sheet.write_string(row, col, value)
            return
        if value is None:
            return
        if isinstance(value, bool):
            sheet.write_boolean(row, col, value)
        elif isinstance(value, int) and abs(value) >= _EXACT_INT_LIMIT:
            # Excel keeps 15 significant digits; a longer int (an ID number passed
            # as int) would silently lose its tail, so keep it as text.
            sheet.write_string(row, col, str(value))
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value)
        elif isinstance(value, Decimal):
            sheet.write_number(row, col, float(value), self.decimal_format(value))
        elif isinstance(value, datetime):
            sheet.write_datetime(row, col, _naive_local(value), self.datetime_format)
        elif isinstance(value, date):
            sheet.write_datetime(row, col, value, self.date_format)
        elif isinstance(value, time):
            sheet.write_datetime(row, col, value, self.time_format)
        else:
            sheet.write_string(row, col, str(neutralize(str(value))))


def write_xlsx(
    target: str | Path | BinaryIO,
    *,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    sheet_title: str = "Sheet1",
    footer: str | None = None,
    created: datetime | None = None,
) -> int:
    """Write rows to an XLSX file in constant memory and return how many were written.

    Strings are always string cells, prefixed with "'" when they start like a formula;
    numbers stay numeric. Each sheet holds at most MAX_DATA_ROWS_PER_SHEET rows under
    a bold, frozen header; further rows go to "<title> (2)", "<title> (3)" and so on.
    The footer, if any, is written after a blank row below the last row.
    `created` fixes the document's creation date (otherwise now): with it, the same rows
    give the same bytes (XlsxWriter's zip entries carry a fixed 1980 timestamp).
    """
    destination = str(target) if isinstance(target, str | Path) else target
    workbook = xlsxwriter.Workbook(destination, _WORKBOOK_OPTIONS)
    if created is not None:
        if timezone.is_aware(created):
            created = created.astimezone(UTC)  # XlsxWriter writes it as UTC ("Z")
        workbook.set_properties({"created": created})
    sheets = _XlsxSheets(workbook, headers=headers, title=sheet_title)
    written = 0
    row_index = 0
    write_cell = sheets.write_cell
    for values in rows:
        if row_index >= MAX_DATA_ROWS_PER_SHEET:
            sheets.open_next()
            row_index = 0
        row_index += 1
        for col, value in enumerate(values):
            write_cell(row_index, col, value)
        written += 1
    if footer is not None:
        if row_index + 2 > MAX_DATA_ROWS_PER_SHEET:
            sheets.open_next()
            row_index = 0
        sheets.sheet.write_string(row_index + 2, 0, str(neutralize(footer)))
    workbook.close()
    return written


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _naive_local(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, bool | int | float | Decimal | date | time):
        return str(value)
    return str(neutralize(str(value)))


def iter_csv(
    *, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> Iterator[bytes]:
    """Yield a UTF-8 (with BOM) RFC 4180 CSV in ~64 KiB chunks, formula cells prefixed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_text(h) for h in headers])
    prefix = "\ufeff"
    for values in rows:
        writer.writerow([_csv_text(v) for v in values])
        if buffer.tell() >= CSV_CHUNK_BYTES:
            yield (prefix + buffer.getvalue()).encode("utf-8")
            prefix = ""
            buffer.seek(0)
            buffer.truncate()
    yield (prefix + buffer.getvalue()).encode("utf-8")


def write_csv(
    target: str | Path | BinaryIO,
    *,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
) -> int:
    """Write the iter_csv() bytes to target and return how many data rows were written."""
    written = 0

    def counted() -> Iterator[Sequence[object]]:
        nonlocal written
        for values in rows:
            written += 1
            yield values

    chunks = iter_csv(headers=headers, rows=counted())
    if isinstance(target, str | Path):
        with Path(target).open("wb") as handle:
            handle.writelines(chunks)
    else:
        target.writelines(chunks)
    return written
