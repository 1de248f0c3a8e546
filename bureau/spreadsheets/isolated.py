"""Read the first sheet of a workbook in a child process, as JSON lines of cell texts.

Run as `python -I isolated.py PATH MEMORY_MB CPU_SECONDS MAX_ROWS MAX_COLUMNS`
by bureau.spreadsheets.reading. python-calamine (Rust) aborts the whole process
when an allocation fails, so it never runs in a web or worker process: this
child caps its own address space and CPU time first, and a crash costs only the
child. It imports nothing but the standard library and python-calamine.

Output, one JSON value per line: a list of strings per sheet row, or a final
object {"error": code, ...} when the reading stopped (codes: "unreadable",
"rows", "columns", "memory").
"""

import json
import resource
import sys
from datetime import date, datetime, time, timedelta

MB = 1024 * 1024
EXIT_LIMIT = 3


def cell_text(value: object) -> str:
    """A cell as the text the importers see (dates as ISO, whole floats without .0)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if value is None:
        return ""
    return str(value).strip()


def _limit(kind: int, value: int) -> None:
    _soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, hard))


def _emit(out, value: object) -> None:
    out.write(json.dumps(value, ensure_ascii=False))
    out.write("\n")


def main(argv: list[str]) -> int:
    path = argv[1]
    memory_mb, cpu_seconds, max_rows, max_columns = (int(a) for a in argv[2:6])
    _limit(resource.RLIMIT_AS, memory_mb * MB)
    _limit(resource.RLIMIT_CPU, cpu_seconds)
    out = sys.stdout
    out.reconfigure(encoding="utf-8")
    try:
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_path(path)
        if not workbook.sheet_names:
            return 0
        sheet = workbook.get_sheet_by_index(0)
        if sheet.total_width > max_columns:
            _emit(out, {"error": "columns", "count": sheet.total_width})
            return EXIT_LIMIT
        if sheet.total_height > max_rows:
            _emit(out, {"error": "rows", "count": sheet.total_height})
            return EXIT_LIMIT
        for count, row in enumerate(sheet.iter_rows(), start=1):
            if count > max_rows:
                _emit(out, {"error": "rows", "count": count})
                return EXIT_LIMIT
            _emit(out, [cell_text(value) for value in row])
    except MemoryError:
        _emit(out, {"error": "memory"})
        return EXIT_LIMIT
    except Exception as exc:  # calamine raises several unrelated exception types
        _emit(out, {"error": "unreadable", "detail": type(exc).__name__})
        return EXIT_LIMIT
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
