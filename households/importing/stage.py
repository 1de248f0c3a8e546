"""The stage: a temporary table holding the rows a commit will write.

While the file is read, each chunk's rows to write go into a session-local
temporary table with one COPY (text format; the helpers below format fields).
households.services.register_import turns the stage into the register in one
transaction. A line is built from a mapping of column name to field text
(Stage.line), so reordering STAGE_COLUMNS cannot shift a value into another column.
"""

import io
import uuid
from collections.abc import Collection, Iterable, Mapping

from django.db import connection

from households.models import Person

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"

STAGE_COLUMNS = (
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
STAGE_COLUMN_NAMES = tuple(name for name, _ in STAGE_COLUMNS)
# Filled only for a new person (from "name" to the end); NULL on other rows.
CREATE_ONLY = frozenset(STAGE_COLUMN_NAMES[STAGE_COLUMN_NAMES.index("name") :])
NULL = _NULL
_NAME_SET = frozenset(STAGE_COLUMN_NAMES)


class StageLineError(ValueError):
    """A stage line named a column the stage does not have, or left one out."""


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
        definition = ", ".join(f"{name} {kind}" for name, kind in STAGE_COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {self.table} ({definition})")

    @staticmethod
    def line(fields: Mapping[str, str]) -> str:
        """One COPY line from {column name: field text (copy_text, copy_array, NULL)}.

        Every stage column must be named, except the CREATE_ONLY ones, which
        default to NULL; an unknown name raises StageLineError.
        """
        try:
            values = [
                fields[name] if name in fields or name not in CREATE_ONLY else _NULL
                for name in STAGE_COLUMN_NAMES
            ]
        except KeyError as missing:
            raise StageLineError(f"stage line lacks column {missing}") from None
        if len(fields) > len(values) or not fields.keys() <= _NAME_SET:
            unknown = sorted(set(fields) - _NAME_SET)
            raise StageLineError(f"stage has no column(s) {', '.join(unknown)}")
        return "\t".join(values) + "\n"

    def copy(self, lines: Iterable[str]) -> None:
        """COPY lines built by Stage.line, in STAGE_COLUMN_NAMES order."""
        text = "".join(lines)
        if not text:
            return
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {self.table} ({', '.join(STAGE_COLUMN_NAMES)}) FROM STDIN",
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
