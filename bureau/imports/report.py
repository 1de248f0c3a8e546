"""The downloadable row report: the rows with problems, their cells and an error column."""

from collections import defaultdict
from itertools import chain
from typing import BinaryIO

from bureau.imports.registry import get_importer
from bureau.models import ImportJob
from bureau.spreadsheets import TableError, read_rows, write_xlsx

ROW_HEADER = "行号"
ERROR_HEADER = "错误"


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
    """Write the rows of `job`'s file that have problems to an XLSX workbook.

    Columns: the file row number, the file's recognised columns (template
    headers, original cell text) and 错误 with every problem of that row.
    Formula-like cells are written as text (write_xlsx neutralises them).
    Returns the number of rows written.
    """
    importer = get_importer(job.kind)
    by_row = _messages(job)
    present: list[str] = []
    body: list = []
    file_problems = by_row.pop(0, [])
    if by_row:
        try:
            with job.file.open("rb") as handle:
                rows = read_rows(
                    handle, filename=job.filename, columns=importer.columns
                )
                first = next(rows, None)
                if first is not None:
                    present = list(first[1])
                    body = [
                        [
                            row,
                            *(cells.get(name, "") for name in present),
                            "；".join(by_row[row]),
                        ]
                        for row, cells in chain([first], rows)
                        if row in by_row
                    ]
        except TableError:
            body = []
    if file_problems:
        body.insert(0, [0, *("" for _ in present), "；".join(file_problems)])
    headers = [ROW_HEADER, *(importer.column_label(n) for n in present), ERROR_HEADER]
    return write_xlsx(target, headers=headers, rows=body, sheet_title="错误报告")
