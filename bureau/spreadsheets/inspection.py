"""Bounds on an uploaded workbook, checked before anything reads it into memory.

An XLSX (or ODS) is a zip archive: a few kilobytes can declare a sheet of 17
billion cells (A1:XFD1048576) or unpack into gigabytes of XML. Its parts are
checked here one by one, streaming and with a cap, so a hostile file is refused
with a message naming the limit before any reader allocates for it.
"""

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext

from bureau.spreadsheets.errors import TableError

MB = 1024 * 1024
ZIP_EXTENSIONS = frozenset({".xlsx", ".ods"})
_CHUNK = 1024 * 1024
# A match may straddle two chunks: each chunk is scanned with the end of the last.
_OVERLAP = 2048
_MAX_PARTS = 10_000
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="([A-Za-z]*)(\d*)(?::([A-Za-z]+)(\d+))?"'
)
# Scanning every cell reference of a 100,000-row sheet with one pattern takes
# seconds, so the scan looks only for what can break a limit: every row element's
# number, cell references with as many digits as the row limit and references
# with as many column letters as the column limit (patterns built per limit).
_ROW_REF = re.compile(rb'row\s[^>]{0,1000}?\br="(\d{1,12})"')


@dataclass(frozen=True)
class Limits:
    """What one uploaded table may need; every value comes from settings."""

    max_rows: int
    max_columns: int
    max_cells: int
    max_unpacked_mb: int
    memory_mb: int
    cpu_seconds: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_rows=settings.SPREADSHEET_MAX_ROWS,
            max_columns=settings.SPREADSHEET_MAX_COLUMNS,
            max_cells=settings.SPREADSHEET_MAX_CELLS,
            max_unpacked_mb=settings.SPREADSHEET_MAX_UNPACKED_MB,
            memory_mb=settings.SPREADSHEET_READ_MEMORY_MB,
            cpu_seconds=settings.SPREADSHEET_READ_SECONDS,
        )


def column_number(letters: str) -> int:
    """Spreadsheet column letters as a 1-based number (A=1, Z=26, AA=27, XFD=16384)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def too_many_rows(limits: Limits) -> TableError:
    return TableError(
        gettext(
            "The sheet has more than %(limit)d rows, the most that can be imported "
            "at once. Split the file (for example one per township)."
        )
        % {"limit": limits.max_rows}
    )


def too_many_columns(count: int, limits: Limits) -> TableError:
    return TableError(
        gettext(
            "The sheet has %(count)d columns; at most %(limit)d columns can be read. "
            "Delete the unused columns or copy the data onto the template."
        )
        % {"count": count, "limit": limits.max_columns}
    )


def _check_extent(rows: int, columns: int, limits: Limits) -> None:
    if columns > limits.max_columns:
        raise too_many_columns(columns, limits)
    if rows > limits.max_rows:
        raise too_many_rows(limits)
    if rows * columns > limits.max_cells:
        raise TableError(
            gettext(
                "The sheet spans %(rows)d rows by %(columns)d columns, more than "
                "the limit of %(limit)d cells. Delete the empty rows and columns "
                "around the data (or copy it onto the template) and upload again."
            )
            % {"rows": rows, "columns": columns, "limit": limits.max_cells}
        )


def _too_large(name: str, limits: Limits) -> TableError:
    return TableError(
        gettext(
            "The file unpacks to more than %(limit)d MB (part %(part)s); it is "
            "refused. Split the file or save it again from Excel."
        )
        % {"limit": limits.max_unpacked_mb, "part": name}
    )


def unreadable(extension: str) -> TableError:
    return TableError(
        gettext(
            "The %(kind)s file could not be read; it may be damaged or not "
            "really a spreadsheet."
        )
        % {"kind": extension.lstrip(".").upper()}
    )


def _letters(number: int) -> int:
    """How many letters the name of column `number` has (26 -> 1, 27 -> 2)."""
    count, first = 1, 27
    while number >= first:
        count += 1
        first = first * 26 + 1
    return count


def _sheet_extent(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits
) -> tuple[int, int]:
    """(last row, last column) a worksheet declares or names, read streaming.

    Columns with fewer letters than the column limit's name cannot break it
    and are not looked for; the reader's memory cap covers what this misses.
    """
    cap = limits.max_unpacked_mb * MB
    tall = re.compile(rb'r="[A-Z]{1,8}(\d{%d,12})"' % len(str(limits.max_rows)))
    wide = re.compile(rb'r="([A-Z]{%d,8})\d' % _letters(limits.max_columns))
    rows = columns = read = 0
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            window = tail + chunk
            if not read:
                rows, columns = _declared_extent(window)
                _check_extent(rows, columns, limits)
            read += len(chunk)
            if read > cap:
                raise _too_large(info.filename, limits)
            numbers = [*_ROW_REF.findall(window), *tall.findall(window)]
            if numbers:
                rows = max(rows, *map(int, set(numbers)))
            letters = set(wide.findall(window))
            if letters:
                columns = max(columns, *(column_number(x.decode()) for x in letters))
            _check_extent(rows, columns, limits)
            tail = window[-_OVERLAP:]
    return rows, columns


def _declared_extent(head: bytes) -> tuple[int, int]:
    """The last row and column of the <dimension ref="A1:K200"> element, or (0, 0)."""
    declared = _DIMENSION.search(head)
    if not declared:
        return 0, 0
    last_col, last_row = declared.group(3, 4)
    if last_row is None:
        last_col, last_row = declared.group(1, 2)
    if not last_row or not last_col:
        return 0, 0
    return int(last_row), column_number(last_col.decode())


def check_workbook(data: bytes, *, extension: str, limits: Limits) -> None:
    """Refuse, with a message naming the limit, a workbook that would need too much.

    For zip-based formats: every part's declared and actual unpacked size, their
    total, and each XLSX worksheet's declared dimension and the last row and
    column its cells name. Other formats are bounded by the reader's process.
    """
    if extension not in ZIP_EXTENSIONS:
        return
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise unreadable(extension) from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > _MAX_PARTS:
            raise unreadable(extension)
        cap = limits.max_unpacked_mb * MB
        total = 0
        for info in parts:
            total += info.file_size
            if info.file_size > cap or total > cap:
                raise _too_large(info.filename, limits)
        try:
            for info in parts:
                if info.filename.startswith(
                    "xl/worksheets/"
                ) and info.filename.endswith(".xml"):
                    _sheet_extent(archive, info, limits)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise unreadable(extension) from exc
