"""The stage: a temporary table holding the rows a commit will write.

While the file is read, each chunk's rows to write go into a session-local
temporary table with one COPY (text format; the helpers below format fields).
households.importing.write turns the stage into the register in one transaction.
"""

import io
import uuid
from collections.abc import Collection, Iterable

from django.db import connection

from households.models import Person

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"

COLUMNS = (
    ("row_no", "integer"),
    ("action", "char(1)"),
    ("person_id", "bigint"),
    ("person_version", "integer"),
    ("household_id", "bigint"),
    ("household_version", "integer"),
    ("household_new", "boolean"),
    ("village_id", "text"),
    ("household_no", "text"),
    ("address", "text"),
    ("is_head", "boolean"),
    ("relation_to_head", "text"),
    ("ethnicity", "text"),
    ("marital_status", "text"),
    ("residence_status", "text"),
    ("phones", "text[]"),
    ("id_number_hash", "text"),
    ("name", "text"),
    ("document_type", "text"),
    ("id_prefix", "text"),
    ("id_last4", "text"),
    ("sex", "text"),
    ("birth_date", "date"),
)
COLUMN_NAMES = tuple(name for name, _ in COLUMNS)
# Not staged: computed for new persons while the stage is written (see
# households.importing.write), from the name and the checked number.
DERIVED_COLUMNS = (
    "name_pinyin",
    "name_initials",
    "name_search",
    "name_sort",
    "id_number_encrypted",
    "id_legacy_encrypted",
)
# The stage columns only a new person fills (from "name" to the end), as NULLs.
CREATE_ONLY_NULLS = "\t".join([_NULL] * (len(COLUMNS) - COLUMN_NAMES.index("name")))
NULL = _NULL


def copy_text(value: str) -> str:
    """A text field in COPY's text format."""
    return value.translate(_ESCAPES)


def copy_array(values) -> str:
    """A text[] field; phone numbers are digits only, so no element needs quoting."""
    return "{" + ",".join(values) + "}"


class Stage:
    """A temporary table holding the rows to write, private to this connection."""

    def __init__(self) -> None:
        self.table = f"register_stage_{uuid.uuid4().hex[:16]}"
        definition = ", ".join(f"{name} {kind}" for name, kind in COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {self.table} ({definition})")

    def copy(self, lines: Iterable[str]) -> None:
        """COPY lines: fields in COLUMNS order (copy_text, copy_array, NULL), tab
        separated, newline-terminated."""
        text = "".join(lines)
        if not text:
            return
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {self.table} ({', '.join(COLUMN_NAMES)}) FROM STDIN",
                io.StringIO(text),
            )

    def discard(self, rows: Collection[int]) -> None:
        """Drop these file rows from the stage (found invalid after they were staged)."""
        if rows:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {self.table} WHERE row_no = ANY(%s)",  # noqa: S608
                    [list(rows)],
                )

    def drop(self) -> None:
        if connection.needs_rollback or not connection.is_usable():
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def prepare(self) -> None:
        """Number the new persons, then index and analyze the stage for the write.

        Inside the write, the register tables' statistics do not yet count the
        rows just inserted, so the planner may take them for small and loop over
        them; with every join key of the stage indexed, no plan can go quadratic.
        """
        with connection.cursor() as cursor:
            # Ids for new persons now, so new households can name their head.
            cursor.execute(
                f"UPDATE {self.table} SET person_id = nextval("  # noqa: S608
                "pg_get_serial_sequence(%s, 'id')) WHERE action = 'c'",
                [Person._meta.db_table],
            )
            for columns in (
                "row_no",
                "person_id",
                "household_id",
                "id_number_hash",
                "village_id, household_no",
            ):
                cursor.execute(f"CREATE INDEX ON {self.table} ({columns})")
            cursor.execute(
                f"ANALYZE {self.table} (row_no, action, person_id, household_id, "
                "household_new, id_number_hash, village_id, household_no)"
            )
