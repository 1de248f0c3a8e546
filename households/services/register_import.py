"""The register import's commit: the stage becomes households and persons.

households.importing checks a file's rows and stages the ones to write
(households.importing.stage); this service writes them in one transaction.

Under an advisory lock the transaction first checks that nothing the staged
rows rely on changed since they were checked, then writes with set-based SQL:

1. (before: Stage.prepare) new persons got ids from the person sequence, so
   new households name their head in their own INSERT (the FK is deferred);
2. INSERT new households … SELECT … GROUP BY household;
3. INSERT persons … SELECT from the stage, in batches: a worker thread computes
   the next batch's derived columns (pinyin keys, encrypted number) with
   households.derived while PostgreSQL inserts the current one;
4. UPDATE existing persons (non-core facts) … FROM the stage;
5. UPDATE existing households (address, head) … FROM the stage, one row each.

Every statement goes through Django's cursor, so pghistory's context (user,
import job, file hash) is set in this transaction; the statement-level audit
triggers (bureau.audit) attach it once per statement to every event. The
statement count grows with rows / PERSON_BATCH only.
"""

import io
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils.translation import gettext

from bureau import steps
from households.models import Household, Person

PERSON_BATCH = 5_000
# Serialises register imports with each other (single edits take their own locks).
_LOCK_KEY = 0x68685F696D706F  # "hh_impo"
# Not staged: computed for new persons while the stage is written, from the
# name and the checked number (households.importing.run derives them).
DERIVED_COLUMNS = (
    "name_pinyin",
    "name_initials",
    "name_search",
    "name_sort",
    "id_number_encrypted",
    "id_legacy_encrypted",
)
# Person columns copied from the stage as they are.
_FROM_STAGE = (
    "relation_to_head",
    "ethnicity",
    "marital_status",
    "residence_status",
    "phones",
    "id_number_hash",
    "name",
    "document_type",
    "id_prefix",
    "id_last4",
    "sex",
    "birth_date",
)

# (row number, …) of each new person -> COPY text lines "row_no\t<DERIVED_COLUMNS>\n"
Derive = Callable[[Sequence[tuple]], str]


class Stage(Protocol):
    """What the write needs of households.importing.stage.Stage."""

    table: str

    def prepare(self) -> None: ...


@dataclass
class Conflict:
    row: int
    column: str
    message: str


@dataclass
class WriteResult:
    committed: bool = False
    persons_created: int = 0
    persons_updated: int = 0
    households_created: int = 0
    households_updated: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


class _Abort(Exception):
    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__("register import conflicts")
        self.conflicts = conflicts


def _insert_select(model, supplied: dict[str, str]) -> tuple[str, str, list]:
    """Column list and SELECT expressions for every concrete column of `model`.

    Columns not in `supplied` get their model default as a parameter, so a
    field added later with a default needs no change here.
    """
    quote = connection.ops.quote_name
    columns, expressions, params = [], [], []
    for model_field in model._meta.concrete_fields:
        column = model_field.column
        if column in supplied:
            expressions.append(supplied[column])
        elif model_field.primary_key:
            continue
        elif model_field.has_default() or model_field.null or model_field.blank:
            expressions.append("%s")
            params.append(
                model_field.get_db_prep_save(model_field.get_default(), connection)
            )
        else:
            raise ImproperlyConfigured(
                f"The register import does not know how to fill {model.__name__}."
                f"{model_field.name}; add it to households/services/register_import.py."
            )
        columns.append(quote(column))
    return ", ".join(columns), ", ".join(expressions), params


def _conflict_message() -> str:
    return gettext(
        "The register changed while this file was being imported (someone saved "
        "this person or household meanwhile); check the file again."
    )


def write_stage(
    stage: Stage, *, valid_only: bool, created: Sequence[tuple], derive: Derive
) -> WriteResult:
    """Write the staged rows in one transaction (see the module docstring).

    `created` holds one tuple per new person, row number first; `derive` turns
    a slice of it into COPY lines of the derived columns. All-or-nothing: a
    conflict aborts everything unless `valid_only`, which leaves those rows out.
    """
    with steps.timed("number the new persons"):
        stage.prepare()
    try:
        with transaction.atomic():
            return _Writer(stage, created=created, derive=derive).write(
                valid_only=valid_only
            )
    except _Abort as abort:
        return WriteResult(committed=False, conflicts=abort.conflicts)


class _Writer:
    def __init__(self, stage: Stage, *, created: Sequence[tuple], derive: Derive):
        quote = connection.ops.quote_name
        self.created = created
        # The worker thread records its step timings with the caller's (bureau.steps).
        self.derive = steps.in_this_context(derive)
        self.names = {
            "stage": stage.table,
            "new": f"{stage.table}_households",
            "derived": f"{stage.table}_derived",
            "changes": f"{stage.table}_changes",
            "person": quote(Person._meta.db_table),
            "household": quote(Household._meta.db_table),
        }

    def sql(self, template: str) -> str:
        return template.format(**self.names)

    def write(self, *, valid_only: bool) -> WriteResult:
        # The worker derives the first batch while the checks and the household
        # INSERT run; each later batch while PostgreSQL inserts the one before.
        with ThreadPoolExecutor(1, thread_name_prefix="register-derive") as worker:
            self.worker = worker
            self.batches = [
                self.created[start : start + PERSON_BATCH]
                for start in range(0, len(self.created), PERSON_BATCH)
            ]
            self.first = (
                worker.submit(self.derive, self.batches[0]) if self.batches else None
            )
            return self._write(valid_only=valid_only)

    def _write(self, *, valid_only: bool) -> WriteResult:
        result = WriteResult(committed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
            # An empty list of triggers to skip: every audit trigger still fires.
            # With the setting undefined, pgtrigger's per-row check raises and
            # catches an error for every row, which halves the insert speed.
            cursor.execute(
                "SELECT set_config('pgtrigger.ignore', "
                "COALESCE(NULLIF(current_setting('pgtrigger.ignore', true), ''), "
                "'{}'), true)"
            )
            with steps.timed("check for conflicts"):
                conflicts = self.conflicts(cursor)
            if conflicts and not valid_only:
                raise _Abort(conflicts)
            if conflicts:
                result.conflicts = conflicts
                cursor.execute(
                    self.sql("DELETE FROM {stage} WHERE row_no = ANY(%s)"),
                    [[c.row for c in conflicts]],
                )
            cursor.execute(
                self.sql(
                    "SELECT COALESCE(bool_or(action = 'u'), false), "
                    "COALESCE(bool_or(NOT household_new), false) FROM {stage}"
                )
            )
            persons_change, households_change = cursor.fetchone()
            with steps.timed("insert households"):
                result.households_created = self.insert_households(cursor)
            result.persons_created = self.insert_persons(cursor)
            with steps.timed("update persons and households"):
                if persons_change:
                    result.persons_updated = self.update_persons(cursor)
                if households_change:
                    result.households_updated = self.update_households(cursor)
        return result

    def conflicts(self, cursor) -> list[Conflict]:
        """Rows whose assumptions no longer hold now that the lock is held."""
        cursor.execute(
            self.sql(
                """
                SELECT s.row_no, 'id_number' FROM {stage} s
                WHERE s.action = 'c' AND EXISTS (
                    SELECT 1 FROM {person} p WHERE p.id_number_hash = s.id_number_hash)
                UNION ALL
                SELECT s.row_no, 'id_number' FROM {stage} s
                LEFT JOIN {person} p ON p.id = s.person_id
                WHERE s.action IN ('u', 'n')
                  AND (p.id IS NULL OR p.version <> s.person_version)
                UNION ALL
                SELECT s.row_no, 'household_no' FROM {stage} s
                WHERE s.household_new AND EXISTS (
                    SELECT 1 FROM {household} h
                    WHERE h.village_id = s.village_id AND h.number = s.household_no)
                UNION ALL
                SELECT s.row_no, 'household_no' FROM {stage} s
                JOIN {household} h ON h.id = s.household_id
                WHERE NOT s.household_new AND (s.is_head OR s.address <> '')
                  AND h.version <> s.household_version
                ORDER BY 1
                """
            )
        )
        message = _conflict_message()
        return [Conflict(row, column, message) for row, column in cursor.fetchall()]

    def insert_households(self, cursor) -> int:
        cursor.execute(
            self.sql(
                """
                CREATE TEMPORARY TABLE {new} ON COMMIT DROP AS
                SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS id, village_id,
                       household_no, max(address) AS address,
                       max(person_id) FILTER (WHERE is_head) AS head_id
                FROM {stage} WHERE household_new AND action = 'c'
                GROUP BY village_id, household_no
                """
            ),
            [Household._meta.db_table],
        )
        expected = cursor.rowcount
        cursor.execute(self.sql("CREATE INDEX ON {new} (village_id, household_no)"))
        cursor.execute(self.sql("ANALYZE {new}"))
        columns, select, params = _insert_select(
            Household,
            {
                "id": "n.id",
                "number": "n.household_no",
                "village_id": "n.village_id",
                "address": "n.address",
                "head_id": "n.head_id",
                "created_at": "now()",
                "updated_at": "now()",
            },
        )
        cursor.execute(
            self.sql(f"INSERT INTO {{household}} ({columns}) SELECT {select} ")
            + self.sql("FROM {new} n ON CONFLICT (village_id, number) DO NOTHING"),
            params,
        )
        if cursor.rowcount != expected:
            raise _Abort([Conflict(0, "household_no", _conflict_message())])
        return expected

    def insert_persons(self, cursor) -> int:
        derived = ", ".join(f"{c} text" for c in DERIVED_COLUMNS)
        cursor.execute(
            self.sql("CREATE TEMPORARY TABLE {derived} ")
            + f"(row_no integer, {derived}) ON COMMIT DROP"
        )
        supplied = {column: f"s.{column}" for column in _FROM_STAGE}
        supplied.update({column: f"d.{column}" for column in DERIVED_COLUMNS})
        supplied.update(
            id="s.person_id",
            household_id="COALESCE(s.household_id, n.id)",
            created_at="now()",
            updated_at="now()",
        )
        columns, select, params = _insert_select(Person, supplied)
        insert = self.sql(
            f"INSERT INTO {{person}} ({columns}) SELECT {select} "  # noqa: S608
            "FROM {derived} d JOIN {stage} s ON s.row_no = d.row_no "
            "LEFT JOIN {new} n ON s.household_new "
            "AND n.village_id = s.village_id AND n.household_no = s.household_no "
            "WHERE s.action = 'c' ORDER BY s.row_no"
        )
        batches, pending, inserted = self.batches, self.first, 0
        for index in range(len(batches)):
            if pending is None:  # no batches, no loop: only for the type checker
                break
            with steps.timed("wait for the derived columns"):
                text = pending.result()
            if index + 1 < len(batches):
                pending = self.worker.submit(self.derive, batches[index + 1])
            with steps.timed("insert persons"):
                cursor.execute(self.sql("TRUNCATE {derived}"))
                cursor.cursor.copy_expert(
                    self.sql("COPY {derived} FROM STDIN"), io.StringIO(text)
                )
                cursor.execute(insert, params)
            inserted += cursor.rowcount
        return inserted

    def update_persons(self, cursor) -> int:
        cursor.execute(
            self.sql(
                """
                UPDATE {person} p
                SET relation_to_head = s.relation_to_head, ethnicity = s.ethnicity,
                    marital_status = s.marital_status,
                    residence_status = s.residence_status, phones = s.phones,
                    version = p.version + 1, updated_at = now()
                FROM {stage} s
                WHERE s.action = 'u' AND p.id = s.person_id
                """
            )
        )
        return cursor.rowcount

    def update_households(self, cursor) -> int:
        cursor.execute(
            self.sql(
                """
                CREATE TEMPORARY TABLE {changes} ON COMMIT DROP AS
                SELECT household_id, max(NULLIF(address, '')) AS address,
                       max(person_id) FILTER (WHERE is_head) AS head_id
                FROM {stage} WHERE NOT household_new GROUP BY household_id
                """
            )
        )
        cursor.execute(self.sql("CREATE UNIQUE INDEX ON {changes} (household_id)"))
        cursor.execute(self.sql("ANALYZE {changes}"))
        cursor.execute(
            self.sql(
                """
                UPDATE {household} h
                SET address = COALESCE(c.address, h.address),
                    head_id = COALESCE(c.head_id, h.head_id),
                    version = h.version + 1, updated_at = now()
                FROM {changes} c
                WHERE h.id = c.household_id
                  AND (h.address <> COALESCE(c.address, h.address)
                       OR h.head_id IS DISTINCT FROM COALESCE(c.head_id, h.head_id))
                """
            )
        )
        return cursor.rowcount
