"""The downloadable row report: the rows with problems, their cells and an error column.

A run reads the uploaded file once. While it does, `RowKeeper` spools every row's
cells to an anonymous temporary file (a few bytes of memory per row); when the run
ends, the cells of the rows it reported are kept beside the upload, encrypted
(`keep_report_rows`), and the report is built from them and the job's stored
problems: the file is never read again for it.
"""

import json
import marshal
import tempfile
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from django.core.files.base import ContentFile

from bureau import crypto
from bureau.imports.base import RowError, Rows
from bureau.imports.registry import get_importer
from bureau.models import ImportJob
from bureau.spreadsheets import write_xlsx

ROW_HEADER = "行号"
ERROR_HEADER = "错误"
_SUFFIX = ".rows"


class RowKeeper:
    """Passes a run's rows through, noting each row's cells on a temporary file."""

    def __init__(self) -> None:
        self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._rows = array("q")
        self._offsets = array("q")
        self._end = 0

    def watch(self, rows: Rows) -> Iterator[tuple[int, dict[str, str]]]:
        for row, cells in rows:
            data = marshal.dumps(cells)
            self._spool.write(data)
            self._rows.append(row)
            self._offsets.append(self._end)
            self._end += len(data)
            yield row, cells

    def cells(self, rows: Iterable[int]) -> dict[int, dict[str, str]]:
        """The cells of `rows` (file row numbers) as the run read them."""
        found: dict[int, dict[str, str]] = {}
        wanted = sorted(set(rows))
        for row in wanted:
            index = bisect_left(self._rows, row)
            if index == len(self._rows) or self._rows[index] != row:
                continue
            start = self._offsets[index]
            stop = (
                self._offsets[index + 1] if index + 1 < len(self._rows) else self._end
            )
            self._spool.seek(start)
            # The spool is an anonymous file this process wrote a moment ago.
            found[row] = marshal.loads(self._spool.read(stop - start))  # noqa: S302
        self._spool.seek(0, 2)
        return found

    def close(self) -> None:
        self._spool.close()


def _rows_name(job: ImportJob) -> str:
    return f"{job.file.name}{_SUFFIX}"


def keep_report_rows(
    job: ImportJob, keeper: RowKeeper, errors: Iterable[RowError]
) -> None:
    """Store, encrypted beside the upload, the cells of the rows `errors` name."""
    cells = keeper.cells(e.row for e in errors if e.row)
    storage, name = job.file.storage, _rows_name(job)
    storage.delete(name)
    if cells:
        payload = crypto.encrypt(json.dumps(list(cells.items()), ensure_ascii=False))
        storage.save(name, ContentFile(payload.encode("ascii")))


def forget_report_rows(job: ImportJob) -> None:
    """A run that read nothing (an unreadable file) leaves no rows to report."""
    job.file.storage.delete(_rows_name(job))


def _stored_rows(job: ImportJob) -> dict[int, dict[str, str]]:
    storage, name = job.file.storage, _rows_name(job)
    if not job.file.name or not storage.exists(name):
        return {}
    with storage.open(name, "rb") as handle:
        pairs = json.loads(crypto.decrypt(handle.read().decode("ascii")))
    return {int(row): cells for row, cells in pairs}


def _messages(job: ImportJob) -> dict[int, list[str]]:
    by_row: dict[int, list[str]] = defaultdict(list)
    for error in job.errors or ():
        text = str(error.get("message", ""))
        if error.get("column"):
            text = f"{error['column']}: {text}"
        if error.get("warning"):
            text = f"(!) {text}"
        by_row[int(error.get("row") or 0)].append(text)
    return by_row


def write_error_report(job: ImportJob, target: BinaryIO) -> int:
    """Write the rows of `job`'s last run that have problems to an XLSX workbook.

    Columns: the file row number, the file's recognised columns (template
    headers, original cell text, kept from the run) and 错误 with every problem
    of that row. Formula-like cells are written as text (write_xlsx neutralises
    them). Returns the number of rows written.
    """
    importer = get_importer(job.kind)
    by_row = _messages(job)
    file_problems = by_row.pop(0, [])
    cells = _stored_rows(job) if by_row else {}
    present = list(next(iter(cells.values()), {}))
    body: list = [
        [row, *(cells.get(row, {}).get(name, "") for name in present), "；".join(texts)]
        for row, texts in sorted(by_row.items())
    ]
    if file_problems:
        body.insert(0, [0, *("" for _ in present), "；".join(file_problems)])
    headers = [ROW_HEADER, *(importer.column_label(n) for n in present), ERROR_HEADER]
    return write_xlsx(target, headers=headers, rows=body, sheet_title="错误报告")
