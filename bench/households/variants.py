"""One measured run each; the bench runs every variant in a fresh process (see bench.py).

Every function returns {"rows": …, "seconds": …, "queries": …} plus notes. Wall time is
`perf_counter` around the measured work only (setup such as precomputing the COPY rows is
excluded and said so). Queries are counted with `connection.execute_wrapper`, which does not
stop at 9,000 like CaptureQueriesContext; COPY statements go around it and count as one each.
"""

import csv
import io
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from bench.households import data
from bench.households.baseline import PlainPersonExport, PlainPersonImport
from bureau import steps
from bureau.audit import audit_context
from bureau.models import User
from households import labels
from households.derived import id_columns, name_columns, surname_readings
from households.idnumbers import DocumentType, check_id_number
from households.models import Person


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def _measured(result: dict[str, Any]):
    counter = _Counter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        yield
    result["seconds"] = time.perf_counter() - started
    result["queries"] = result.get("queries", 0) + counter.count


def _audit_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM households_personevent)"
            " + (SELECT count(*) FROM households_householdevent)"
        )
        return cursor.fetchone()[0]


# --- imports -------------------------------------------------------------------


def ours_import(path: Path, *, dry_run: bool) -> dict[str, Any]:
    """The register import pipeline (read_rows -> importer.run), as the CLI and Celery run it."""
    from bureau.imports.registry import get_importer
    from bureau.spreadsheets import read_rows

    importer = get_importer("households.register")
    loader = User.objects.get(username=data.LOADER)
    result: dict[str, Any] = {}
    with _measured(result), steps.recording() as timings, path.open("rb") as handle:
        with steps.timed("open the file, find its header"):
            rows = read_rows(handle, filename=path.name, columns=importer.columns)
        outcome = importer.run(rows, by=loader, valid_only=False, dry_run=dry_run)
    result["steps"] = dict(timings)
    result.update(
        rows=outcome.rows_total,
        invalid=outcome.rows_invalid,
        created=outcome.rows_created,
        committed=outcome.committed,
        audit_rows=_audit_rows(),
    )
    return result


def _dataset(path: Path):
    import tablib

    if path.suffix == ".csv":
        return tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")
    with path.open("rb") as handle:
        return tablib.Dataset().load(handle, format="xlsx")


def die_import(path: Path, *, dry_run: bool) -> dict[str, Any]:
    """A plain django-import-export ModelResource import of the same file.

    Under the same trigger conditions as ours: an audit context (the user, as the
    middleware sets it for a web request) and pgtrigger.ignore defined for the session,
    so neither pays the per-row error that an undefined setting costs the triggers.
    """
    loader = User.objects.get(username=data.LOADER)
    with connection.cursor() as cursor:
        cursor.execute("SET pgtrigger.ignore = '{}'")
    result: dict[str, Any] = {}
    with _measured(result), audit_context(user=loader.pk):
        dataset = _dataset(path)
        outcome = PlainPersonImport().import_data(
            dataset, dry_run=dry_run, raise_errors=False, use_transactions=True
        )
    result.update(
        rows=len(dataset),
        invalid=len(outcome.row_errors()) + len(outcome.invalid_rows),
        created=outcome.totals.get("new", 0),
        committed=not dry_run and not outcome.has_errors(),
        audit_rows=_audit_rows(),
    )
    return result


_HOUSEHOLD_COLUMNS = ("id", "village_id", "number", "address", "grid_cell", "version",
                      "created_at", "updated_at")  # fmt: skip
_PERSON_COLUMNS = (
    "household_id", "relation_to_head", "name", "name_pinyin", "name_initials",
    "name_search", "name_sort", "manual_pinyin", "document_type", "id_number_encrypted",
    "id_number_hash", "id_legacy_encrypted", "id_prefix", "id_last4", "sex", "birth_date",
    "ethnicity", "marital_status", "residence_status", "is_alive", "phones", "version",
    "created_at", "updated_at",
)  # fmt: skip


def _reverse(table: dict) -> dict[str, str]:
    return {label: str(code) for code, label in table.items()}


def _copy_payload(path: Path) -> tuple[str, str, int, int]:
    """The file's rows as two COPY CSV payloads, every column already derived and checked."""
    relation = _reverse(labels.RELATION)
    marital = _reverse(labels.MARITAL_STATUS)
    residence = _reverse(labels.RESIDENCE_STATUS)
    readings = surname_readings()
    today = timezone.localdate()
    now = timezone.now().isoformat()
    households: dict[tuple[str, str], int] = {}
    household_buffer, person_buffer = io.StringIO(), io.StringIO()
    household_csv = csv.writer(household_buffer, lineterminator="\n")
    person_csv = csv.writer(person_buffer, lineterminator="\n")
    persons = 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["村居代码"], row["户编号"])
            if key not in households:
                households[key] = len(households) + 1
                household_csv.writerow(
                    [households[key], *key, row["地址"], "", 1, now, now]
                )
            check = check_id_number(
                row["证件号码"], document_type=DocumentType.RESIDENT_ID, today=today
            )
            ids = id_columns(check)
            names = name_columns(row["姓名"], surname_readings=readings)
            phones = "{" + row["联系电话"] + "}" if row["联系电话"] else "{}"
            person_csv.writerow(
                [households[key], relation[row["与户主关系"]], names["name"],
                 names["name_pinyin"], names["name_initials"], names["name_search"],
                 names["name_sort"], "", DocumentType.RESIDENT_ID,
                 ids["id_number_encrypted"], ids["id_number_hash"],
                 ids["id_legacy_encrypted"], ids["id_prefix"], ids["id_last4"], check.sex,
                 check.birth_date, row["民族"], marital[row["婚姻状况"]],
                 residence[row["居住状态"]], "t", phones, 1, now, now]
            )  # fmt: skip
            persons += 1
    return (
        household_buffer.getvalue(),
        person_buffer.getvalue(),
        len(households),
        persons,
    )


_REGISTER_TABLES = ("households_household", "households_person")


def copy_import(path: Path, *, triggers: bool = True) -> dict[str, Any]:
    """PostgreSQL COPY of the same rows, pre-validated and derived outside the timing.

    `triggers=False` is the labelled variant without the audit triggers (foreign keys
    are still checked): the price of the audit trail.
    """
    households_csv, persons_csv, household_count, person_count = _copy_payload(path)
    loader = User.objects.get(username=data.LOADER)
    result: dict[str, Any] = {"queries": 2}  # the two COPYs bypass the counter
    options = "WITH (FORMAT csv, NULL '\\N')"
    # The same conditions as the import's write. pghistory sets its context (user) on the
    # transaction in front of the next non-SELECT statement through Django's cursor, and
    # pgtrigger.ignore is defined (empty: every audit trigger still fires). With either
    # missing, every trigger call raises and catches an error per row, and COPY with the
    # audit triggers ran about 4x slower here.
    with (
        _measured(result),
        audit_context(user=loader.pk),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL pgtrigger.ignore = '{}'")
        if not triggers:
            for table in _REGISTER_TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        raw = cursor.cursor
        raw.copy_expert(
            f"COPY households_household ({', '.join(_HOUSEHOLD_COLUMNS)}) FROM STDIN {options}",
            io.StringIO(households_csv),
        )
        raw.copy_expert(
            f"COPY households_person ({', '.join(_PERSON_COLUMNS)}) FROM STDIN {options}",
            io.StringIO(persons_csv),
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('households_household', 'id'), %s)",
            [household_count],
        )
        if not triggers:
            cursor.execute(
                "SET CONSTRAINTS ALL IMMEDIATE"
            )  # check the deferred FKs now
            for table in _REGISTER_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    result.update(
        rows=person_count,
        households=household_count,
        created=person_count,
        committed=True,
        audit_rows=_audit_rows(),
    )
    return result


# --- exports -------------------------------------------------------------------


def ours_export(*, fmt: str, township: str = "") -> dict[str, Any]:
    """The register export as an auditor asks for it: filters, masking, file, SHA-256, log.

    The same service and core export path as the download page, into a temporary file.
    """
    from bureau import exports
    from households.services.exports import HEADERS, exportable_persons, register_rows

    auditor = User.objects.get(username=data.AUDITOR)
    params = {"format": fmt, **({"township": township} if township else {})}
    options = exports.read_options(params, user=auditor)
    result: dict[str, Any] = {}
    with _measured(result), tempfile.TemporaryFile() as handle:
        exports.check_export_allowed(
            auditor, unmasked=options.unmasked, reason=options.reason
        )
        persons, applied = exportable_persons(auditor, params)
        count, _checksum, _event = exports.write_logged_export(
            handle,
            request=None,
            user=auditor,
            rows=register_rows(persons, unmasked=options.unmasked),
            headers=HEADERS,
            options=options,
            subject="households.person",
            filters=applied,
            sheet_title="人口登记",
        )
        size = handle.seek(0, 2)
    result.update(rows=count, bytes=size)
    return result


def die_export(*, limit: int) -> dict[str, Any]:
    """django-import-export's default: Resource.export() -> tablib -> xlsx bytes.

    Reads the first `limit` persons (0: all): at one query per related row the whole
    register would take many minutes.
    """
    persons = Person.objects.order_by("pk")
    result: dict[str, Any] = {}
    with _measured(result), tempfile.TemporaryFile() as handle:
        dataset = PlainPersonExport().export(
            queryset=persons[:limit] if limit else persons
        )
        payload = dataset.export("xlsx")
        handle.write(payload)
    result.update(rows=len(dataset), bytes=len(payload))
    return result


def first_township() -> str:
    return data.district_villages()[0][0][:9] + "000"


def idle() -> dict[str, Any]:
    """Nothing: the peak memory of a bare Django process, for reading the others."""
    User.objects.exists()
    return {"rows": 0, "seconds": 0.0, "queries": 1}


VARIANTS = {
    "idle": lambda f: idle(),
    "ours-dry-xlsx": lambda f: ours_import(Path(f["xlsx"]), dry_run=True),
    "ours-dry-csv": lambda f: ours_import(Path(f["csv"]), dry_run=True),
    "ours-dry-xlsx-errors": lambda f: ours_import(Path(f["errors"]), dry_run=True),
    "ours-commit-xlsx": lambda f: ours_import(Path(f["xlsx"]), dry_run=False),
    "ours-commit-csv": lambda f: ours_import(Path(f["csv"]), dry_run=False),
    "die-dry-xlsx": lambda f: die_import(Path(f["sample"]), dry_run=True),
    "die-commit-xlsx": lambda f: die_import(Path(f["sample"]), dry_run=False),
    "copy": lambda f: copy_import(Path(f["csv"])),
    "copy-no-triggers": lambda f: copy_import(Path(f["csv"]), triggers=False),
    "export-ours-xlsx": lambda f: ours_export(fmt="xlsx"),
    "export-ours-xlsx-township": lambda f: ours_export(
        fmt="xlsx", township=first_township()
    ),
    "export-ours-csv": lambda f: ours_export(fmt="csv"),
    "export-die-xlsx": lambda f: die_export(limit=int(f["export_sample"])),
}
