"""Reading uploaded tables (XLSX, XLS, ODS, CSV) into rows of text keyed by field name."""

import csv
import io
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from django.utils.translation import gettext

from bureau.spreadsheets import isolated
from bureau.spreadsheets.errors import TableError
from bureau.spreadsheets.inspection import (
    Limits,
    check_workbook,
    too_many_columns,
    too_many_rows,
    unreadable,
)

SPREADSHEET_EXTENSIONS = frozenset({".xlsx", ".xls", ".ods"})
CSV_EXTENSIONS = frozenset({".csv", ".tsv"})
_DELIMITERS = (",", ";", "\t")
# A title row ("XX镇 2026年 登记表") often sits above the header in bureau templates.
_HEADER_SEARCH_ROWS = 10
_READER = Path(isolated.__file__)

__all__ = ["Column", "TableError", "read_rows"]


@dataclass(frozen=True)
class Column:
    name: str
    headers: tuple[str, ...]
    required: bool = False


def _header_key(text: str) -> str:
    text = " ".join(text.split())
    return text.rstrip("*＊").strip().casefold()


def _reader_stopped(
    outcome: dict, *, returncode: int | None, limits: Limits, extension: str
) -> TableError:
    """The user's message for a reader that stopped early or died."""
    error = outcome.get("error")
    if error == "rows":
        return too_many_rows(limits)
    if error == "columns":
        return too_many_columns(outcome.get("count", 0), limits)
    if error == "unreadable":
        return unreadable(extension)
    if returncode == -24:  # SIGXCPU: the CPU-time limit
        return TableError(
            gettext(
                "Reading the file took longer than the limit of %(limit)d seconds; "
                "it is refused. Split the file or save it again from Excel."
            )
            % {"limit": limits.cpu_seconds}
        )
    return TableError(
        gettext(
            "Reading the file needs more than the limit of %(limit)d MB of memory; "
            "it is refused. Delete the empty rows and columns around the data, or "
            "split the file, and upload it again."
        )
        % {"limit": limits.memory_mb}
    )


def _spreadsheet_rows(data: bytes, *, extension: str) -> Iterator[list[str]]:
    """The first sheet's rows, read by a child process with capped memory and CPU.

    The workbook's zip structure and extent are checked here first; the child
    (bureau/spreadsheets/isolated.py) then runs python-calamine, whose failed
    allocations abort the process they run in.
    """
    limits = Limits.from_settings()
    check_workbook(data, extension=extension, limits=limits)
    with tempfile.NamedTemporaryFile(suffix=extension) as copy:
        copy.write(data)
        copy.flush()
        command = [
            sys.executable,
            "-I",
            str(_READER),
            copy.name,
            str(limits.memory_mb),
            str(limits.cpu_seconds),
            str(limits.max_rows),
            str(limits.max_columns),
        ]
        child = subprocess.Popen(  # noqa: S603 (our own script, no shell)
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            encoding="utf-8",
            env={"PATH": "/usr/bin:/bin", "RUST_BACKTRACE": "0"},
        )
        outcome: dict = {}
        try:
            for line in child.stdout or ():
                value = json.loads(line)
                if isinstance(value, dict):
                    outcome = value
                    break
                yield value
            returncode = child.wait()
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            if child.stdout is not None:
                child.stdout.close()
        if outcome or returncode:
            raise _reader_stopped(
                outcome, returncode=returncode, limits=limits, extension=extension
            )


def _decode_csv(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise TableError(
            gettext("The CSV file is neither UTF-8 nor GB18030 (GBK) text.")
        ) from exc


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = _decode_csv(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    limits = Limits.from_settings()
    try:
        for count, row in enumerate(reader, start=1):
            if count > limits.max_rows:
                raise too_many_rows(limits)
            if len(row) > limits.max_columns:
                raise too_many_columns(len(row), limits)
            yield [cell.strip() for cell in row]
    except csv.Error as exc:
        raise TableError(
            gettext("Line %(line)d of the CSV file cannot be read: %(reason)s.")
            % {"line": reader.line_num, "reason": exc}
        ) from exc


def _header_map(
    header: list[str], *, columns: Sequence[Column]
) -> list[tuple[int, str]]:
    by_key = {_header_key(h): column for column in columns for h in column.headers}
    positions: list[tuple[int, str]] = []
    seen: dict[str, str] = {}
    for index, cell in enumerate(header):
        column = by_key.get(_header_key(cell))
        if column is None:
            continue
        if column.name in seen:
            raise TableError(
                gettext(
                    "Columns %(first)s and %(second)s both hold %(column)s; "
                    "keep only one."
                )
                % {
                    "first": seen[column.name],
                    "second": cell,
                    "column": column.headers[0],
                }
            )
        seen[column.name] = cell
        positions.append((index, column.name))
    missing = [c.headers[0] for c in columns if c.required and c.name not in seen]
    if missing:
        raise TableError(
            gettext("Required columns are missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return positions


def _is_header(row: list[str], *, columns: Sequence[Column]) -> bool:
    known = {_header_key(h) for column in columns for h in column.headers}
    return any(_header_key(cell) in known for cell in row if cell)


def read_rows(
    file: BinaryIO, *, filename: str, columns: Sequence[Column]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Check the header now and return (row number, {column name: text}) per data row.

    Row numbers are those the user sees (header on row 1 means data from row 2).
    Only columns present in the file appear in the dicts, so a missing optional
    column is distinguishable from an empty cell. Blank rows are skipped.
    Raises TableError for unreadable, empty or wrongly headed files.
    """
    extension = PurePath(filename or "").suffix.lower()
    if extension not in SPREADSHEET_EXTENSIONS | CSV_EXTENSIONS:
        raise TableError(
            gettext(
                "Files of type %(extension)s cannot be read; "
                "upload an .xlsx, .xls, .ods or .csv file."
            )
            % {"extension": extension or gettext("(no extension)")}
        )
    data = file.read()
    if not data.strip():
        raise TableError(gettext("The file is empty."))
    raw_rows = (
        _csv_rows(data)
        if extension in CSV_EXTENSIONS
        else _spreadsheet_rows(data, extension=extension)
    )
    row_number = 0
    filled = 0
    header: list[str] | None = None
    for row in raw_rows:
        row_number += 1
        if not any(row):
            continue
        if _is_header(row, columns=columns):
            header = row
            break
        filled += 1
        if filled >= _HEADER_SEARCH_ROWS:
            break
    if header is None:
        if not filled:
            raise TableError(gettext("The file is empty."))
        raise TableError(
            gettext(
                "No header row found in the first %(count)d non-empty rows; "
                "expected column titles such as %(examples)s."
            )
            % {
                "count": _HEADER_SEARCH_ROWS,
                "examples": ", ".join(
                    c.headers[0]
                    for c in ([c for c in columns if c.required] or columns)
                ),
            }
        )
    positions = _header_map(header, columns=columns)
    return _data_rows(raw_rows, positions=positions, header_row=row_number)


def _data_rows(
    raw_rows: Iterator[list[str]],
    *,
    positions: list[tuple[int, str]],
    header_row: int,
) -> Iterator[tuple[int, dict[str, str]]]:
    for row_number, row in enumerate(raw_rows, start=header_row + 1):
        if not any(row):
            continue
        width = len(row)
        yield (
            row_number,
            {name: row[index] if index < width else "" for index, name in positions},
        )
