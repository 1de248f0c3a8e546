"""The one place that reads uploaded tables and writes exports."""

from bureau.spreadsheets.reading import Column, TableError, read_rows
from bureau.spreadsheets.writing import (
    FORMULA_TRIGGER,
    iter_csv,
    neutralize,
    write_csv,
    write_xlsx,
)

__all__ = [
    "FORMULA_TRIGGER",
    "Column",
    "TableError",
    "iter_csv",
    "neutralize",
    "read_rows",
    "write_csv",
    "write_xlsx",
]
