"""Running a register import over parsed rows: chunks, checks, staging, the write."""

import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext

from bureau import steps
from bureau.audit import audit_context
from bureau.imports import ImportResult, Progress, RowError, no_progress
from households.derived import id_columns, name_columns, surname_readings
from households.importing import spec
from households.importing.lookups import (
    HouseholdState,
    RegisteredPerson,
    registered_households,
    registered_persons,
)
from households.importing.matching import (
    CREATE,
    UNCHANGED,
    UPDATE,
    FileState,
    Match,
    Matcher,
)
from households.importing.rows import ParsedRow, RowReader
from households.importing.stage import NULL, Stage, copy_array, copy_text
from households.importing.villages import VillageIndex
from households.models.person import MaritalStatus, Relation, ResidenceStatus
from households.services.register_import import write_stage

CHUNK_ROWS = 5000
# Keys of ImportResult.details: households the commit added and changed.
HOUSEHOLDS_CREATED = "households_created"
HOUSEHOLDS_UPDATED = "households_updated"
WARNINGS_LISTED = 20  # rows listed per distinct warning; the rest are counted
NAME_KEYS = ("name_pinyin", "name_initials", "name_search", "name_sort")
_COLUMN_ORDER = {
    column.headers[0]: index for index, column in enumerate(spec.TEMPLATE_COLUMNS)
}


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector for the run.

    A run allocates several objects per row and keeps one entry per row in its
    state; the collector would rescan that growing state again and again, which
    cost a quarter of the dry run's time. Rows, their checks and the state hold
    no reference cycles, so nothing accumulates while it is paused.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class RegisterRun:
    """One run over one file's rows, for one user, on one day.

    households.importing.RegisterImporter is the plug-in bureau.imports knows;
    each of its runs (dry run or commit) is one RegisterRun.
    """

    def __init__(
        self,
        *,
        by,
        valid_only: bool,
        dry_run: bool,
        progress: Progress = no_progress,
        today: date | None = None,
    ) -> None:
        self.by = by
        self.valid_only = valid_only
        self.dry_run = dry_run
        self.progress = progress
        self.today = today or timezone.localdate()
        self.villages = VillageIndex.for_user(by, today=self.today)
        self.reader = RowReader(villages=self.villages, today=self.today)
        self.state = FileState()
        self.matcher = Matcher(
            villages=self.villages, state=self.state, invalidate=self._invalidate
        )
        self.errors: list[RowError] = []
        self.invalid: set[int] = set()
        self.unstage: set[int] = set()
        self.counts: Counter[str] = Counter()
        self.warnings: Counter[tuple[str, str]] = Counter()
        self.total = 0
        self.readings = surname_readings() if not dry_run else {}
        self.names: dict[str, str] = {}
        self.created: list[tuple] = []  # (row, name, IdCheck) of each new person

    # --- reporting ---------------------------------------------------------------
    def _warn(self, row: int, column: str, message: str) -> None:
        """Warnings repeat (one region code on thousands of rows): list the first few."""
        self.warnings[(column, message)] += 1
        if self.warnings[(column, message)] <= WARNINGS_LISTED:
            self._error(row, column, message, warning=True)

    def _error(
        self, row: int, column: str, message: str, warning: bool = False
    ) -> None:
        self.errors.append(
            RowError(
                row=row,
                column=spec.LABELS.get(column, column),
                message=message,
                warning=warning,
            )
        )

    def _invalidate(self, row: int, action: str | None, column: str, message: str):
        """An earlier row turned out invalid (a duplicate or second head found later)."""
        self._error(row, column, message)
        self.invalid.add(row)
        if action is not None:
            self.counts[action] -= 1
            self.unstage.add(row)

    # --- the run -----------------------------------------------------------------
    def run(self, rows: Iterable[tuple[int, dict[str, str]]]) -> ImportResult:
        """Check every row; unless a dry run, write them (see households.importing.stage).

        Runs in an audit context naming the importing user (merged into the
        pipeline's context, which adds the job and the file's hash).
        """
        with audit_context(user=self.by.pk), _collector_paused():
            return self._run(rows)

    def _run(self, rows: Iterable[tuple[int, dict[str, str]]]) -> ImportResult:
        stage = None if self.dry_run else Stage()
        try:
            for chunk in _chunks(steps.timed_rows("read the file", rows), CHUNK_ROWS):
                lines = self._chunk(chunk, staging=stage is not None)
                if stage is not None:
                    with steps.timed("copy to the stage"):
                        stage.copy(lines)
                self.total += len(chunk)
                self.progress(self.total)
            return self._finish(stage)
        finally:
            if stage is not None:
                stage.drop()

    def _chunk(self, chunk: list, *, staging: bool) -> list[str]:
        with steps.timed("check each row"):
            parsed = [self.reader.read(row, cells) for row, cells in chunk]
        with steps.timed("look up the register"):
            registered = self._look_up(parsed)
        with steps.timed("match and stage"):
            return self._match(parsed, registered, staging=staging)

    def _look_up(self, parsed: list[ParsedRow]) -> dict[str, list[RegisteredPerson]]:
        """The chunk's persons the register holds, by ID hash; its households noted."""
        registered = registered_persons({p.id_hash for p in parsed if p.id_hash})
        households = self.state.households
        keys = {
            p.household_key
            for p in parsed
            if p.household_key and p.household_key not in households
        }
        found = registered_households(keys)
        for key in keys:
            households[key] = found.get(key) or HouseholdState(id=None)
        return registered

    def _match(
        self,
        parsed: list[ParsedRow],
        registered: dict[str, list[RegisteredPerson]],
        *,
        staging: bool,
    ) -> list[str]:
        lines: list[str] = []
        for row in parsed:
            match = self.matcher.match(row, registered.get(row.id_hash))
            for column, message in row.warnings:
                self._warn(row.row, column, message)
            if match is None:
                for column, message in row.problems:
                    self._error(row.row, column, message)
                self.invalid.add(row.row)
                continue
            self.counts[match.action] += 1
            if staging:
                line = self._stage_line(row, match)
                if line:
                    lines.append(line)
        return lines

    # --- staging -----------------------------------------------------------------
    def _derive(self, created) -> str:
        """COPY lines of the derived columns of new persons (see
        households.services.register_import.DERIVED_COLUMNS).

        Runs in the writer's worker thread while PostgreSQL inserts the previous
        batch: pure Python, no database access. Name keys are cached per name.
        """
        with steps.timed("derive names and encrypt (worker thread)"):
            return self._derived_lines(created)

    def _derived_lines(self, created) -> str:
        lines = []
        for row_no, name, check in created:
            keys = self.names.get(name)
            if keys is None:
                columns = name_columns(name, surname_readings=self.readings)
                keys = "\t".join(copy_text(columns[c]) for c in NAME_KEYS)
                self.names[name] = keys
            ids = id_columns(check)
            lines.append(
                f"{row_no}\t{keys}\t{ids['id_number_encrypted']}\t"
                f"{ids['id_legacy_encrypted']}\n"
            )
        return "".join(lines)

    def _stage_line(self, row: ParsedRow, match: Match) -> str:
        """One COPY line for the stage (bound by column name), or "" if none needed."""
        household = self.state.households[row.household_key]
        is_head = row.relation == Relation.HEAD
        if household.exists:
            address = row.address if row.address != household.address else ""
        else:
            address = household.file_address
        fields = {
            "row_no": str(row.row),
            "action": "n" if match.action == UNCHANGED else match.action,
            "household_id": NULL if household.id is None else str(household.id),
            "household_version": (
                NULL if household.version is None else str(household.version)
            ),
            "household_new": "f" if household.exists else "t",
            "village_id": row.village,
            "household_no": copy_text(row.household_no),
            "address": copy_text(address),
            "is_head": "t" if is_head else "f",
            "id_number_hash": row.id_hash,
        }
        if match.action == CREATE:
            self.created.append((row.row, row.name, row.check))
            number = row.check.number
            fields.update(
                person_id=NULL,
                person_version=NULL,
                relation_to_head=row.relation,
                ethnicity=copy_text(row.ethnicity or ""),
                marital_status=row.marital_status or MaritalStatus.UNKNOWN,
                residence_status=row.residence_status or ResidenceStatus.RESIDENT,
                phones=copy_array(row.phones or ()),
                name=copy_text(row.name),
                document_type=row.document_type,
                id_prefix=number[:6],
                id_last4=number[-4:],
                sex=row.sex,
                birth_date=row.birth_date.isoformat(),
            )
            return Stage.line(fields)
        if match.action == UNCHANGED:
            head_changes = is_head and household.register_head != row.id_hash
            if not (head_changes or address):
                return ""
        relation, ethnicity, marital, residence, phones = match.values
        fields.update(
            person_id=str(match.person.id),
            person_version=str(match.person.version),
            relation_to_head=relation,
            ethnicity=copy_text(ethnicity),
            marital_status=marital,
            residence_status=residence,
            phones=copy_array(phones),
        )
        return Stage.line(fields)

    # --- the end -----------------------------------------------------------------
    def _finish(self, stage: Stage | None) -> ImportResult:
        result = ImportResult(
            rows_total=self.total,
            dry_run=self.dry_run,
            rows_created=self.counts[CREATE],
            rows_updated=self.counts[UPDATE],
            rows_unchanged=self.counts[UNCHANGED],
        )
        blocked = bool(self.invalid) and not self.valid_only
        if stage is not None and not blocked:
            stage.discard(self.unstage)
            created = [c for c in self.created if c[0] not in self.invalid]
            written = write_stage(
                stage,
                valid_only=self.valid_only,
                created=created,
                derive=self._derive,
            )
            for conflict in written.conflicts:
                self._error(conflict.row, conflict.column, conflict.message)
                self.invalid.add(conflict.row)
            result.committed = written.committed
            if written.committed:
                result.rows_created = written.persons_created
                result.rows_updated = written.persons_updated
                result.details = {
                    HOUSEHOLDS_CREATED: written.households_created,
                    HOUSEHOLDS_UPDATED: written.households_updated,
                }
                result.rows_unchanged = (
                    self.total
                    - len(self.invalid)
                    - written.persons_created
                    - written.persons_updated
                )
        result.rows_invalid = len(self.invalid)
        for (column, message), count in self.warnings.items():
            if count > WARNINGS_LISTED:
                summary = gettext(
                    "%(message)s (%(count)d rows in all; the first %(listed)d are "
                    "listed.)"
                ) % {"message": message, "count": count, "listed": WARNINGS_LISTED}
                self._error(0, column, summary, warning=True)
        if not result.committed and not self.dry_run:
            result.rows_created = result.rows_updated = 0
            result.rows_unchanged = 0
        result.errors = sorted(
            self.errors,
            key=lambda e: (e.row, e.warning, _COLUMN_ORDER.get(e.column, 99)),
        )
        return result


def _text(value) -> str:
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _numbered(rows: Iterable) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, cells) pairs; plain dicts are numbered from 2 (row 1 is the header)."""
    for index, item in enumerate(rows, start=2):
        if isinstance(item, tuple):
            number, cells = item
        else:
            number, cells = index, item
        yield number, {key: _text(value) for key, value in cells.items()}


def import_register_rows(
    *,
    by,
    rows: Iterable,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress = no_progress,
    today: date | None = None,
) -> ImportResult:
    """Import register rows already read from a file, with every rule of the template.

    `rows` yields dicts keyed by the template's column names (household_no,
    village_code, address, name, document_type, id_number, sex, birth_date,
    ethnicity, relation, marital_status, residence_status, phone) — values as a
    spreadsheet holds them (男, 户主, 已婚, 常住) — or (row number, dict) pairs.
    A dry run writes nothing. Otherwise the rows are written in one transaction:
    all of them, or none when any row has an error, unless `valid_only`.
    Changes are recorded by the audit triggers with `by` as the user.
    """
    return RegisterRun(
        by=by,
        valid_only=valid_only,
        dry_run=dry_run,
        progress=progress,
        today=today,
    ).run(_numbered(rows))
