"""`python manage.py bench`: import and export benchmarks of the register -> docs/benchmarks.md.

The bench works in its own database (`<configured name>_bench`, created and migrated on first
use, or `--database NAME`) because it empties the register between variants; it refuses any
database whose name neither contains "bench" nor starts with "test_". It generates the
register files once, then runs each variant in a fresh `manage.py bench --child …` process so
that peak memory (the child's VmHWM, its ru_maxrss without the parent's pages it was forked
from) belongs to that variant alone.
"""

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from households.bench import data, report
from households.bench.variants import VARIANTS

# Order matters: imports on an emptied register, the last commit stays for the exports.
PLAN = (
    ("idle", False),
    ("ours-dry-xlsx", True),
    ("ours-dry-csv", True),
    ("ours-dry-xlsx-errors", True),
    ("die-dry-xlsx", True),
    ("die-commit-xlsx", True),
    ("copy", True),
    ("copy-no-triggers", True),
    ("ours-commit-csv", True),
    ("ours-commit-xlsx", True),
    ("ours-reimport-xlsx", False),
    ("export-ours-xlsx-township", False),
    ("export-ours-xlsx", False),
    ("export-ours-csv", False),
    ("export-die-xlsx", False),
)
METHOD = [
    "- **ours (import)**: `bureau.spreadsheets.read_rows` (calamine for XLSX) → the "
    "`households.register` importer's `run()` — every rule of the dry run, then on commit "
    "the bulk write in one transaction — acting as a staff user serving every township. "
    "The re-import runs the same file again on the filled register.",
    "- **plain django-import-export**: `households.bench.baseline.PlainPersonImport`, a "
    "`ModelResource` with default settings (`import_id_fields=('id_number_hash',)`, "
    "row-by-row `save()`, `ForeignKeyWidget(Household)`, households by `get_or_create`), "
    "the file loaded by tablib, `import_data(dry_run=…, use_transactions=True)`.",
    "- **COPY**: the same CSV rows derived beforehand (encryption, lookup hash, pinyin, "
    "labels — not timed), then `COPY households_household` and `COPY households_person` "
    "(`FORMAT csv`) in one transaction with the audit triggers firing for every row, "
    "under the same audit context as the import; the labelled variant disables the "
    "audit triggers (foreign keys still checked) to show what the audit trail costs.",
    "- **ours (export)**: the `households:person-export` view called as an auditor, file "
    "written in constant memory to a temporary file, SHA-256 taken, access event logged, "
    "response drained; masked ID numbers and phones.",
    "- **django-import-export default export**: `PlainPersonExport().export(queryset)` with "
    "the same 17 columns declared by attribute path (one query per related row), then "
    "`dataset.export('xlsx')`.",
]


def use_database(name: str) -> None:
    """Point the default connection at `name` (before it is used for anything else)."""
    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES["default"]["NAME"] = name


def ensure_database(name: str) -> None:
    if "bench" not in name and not name.startswith("test_"):
        raise CommandError(
            f"Refusing to benchmark in database {name!r}: the bench empties the register. "
            "Use a database whose name contains 'bench'."
        )
    # The maintenance database, as Django's test runner uses it: `name` may not exist yet.
    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')  # name checked above


class Command(BaseCommand):
    help = "Benchmark the register import and export against the baselines."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=100_000)
        parser.add_argument("--out", default="docs/benchmarks.md")
        parser.add_argument("--seed", type=int, default=20260101)
        parser.add_argument(
            "--database",
            default="",
            help="Database to run in (default: the configured name + '_bench').",
        )
        parser.add_argument(
            "--sample",
            type=int,
            default=5_000,
            help="Rows the django-import-export import variants read (first N of the file).",
        )
        parser.add_argument(
            "--export-sample",
            type=int,
            default=20_000,
            help="Persons the django-import-export export reads (first N; 0 for all).",
        )
        parser.add_argument("--error-rate", type=float, default=0.02)
        parser.add_argument("--child", default="", help=argparse.SUPPRESS)
        parser.add_argument("--files", default="", help=argparse.SUPPRESS)
        parser.add_argument("--result", default="", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        configured = settings.DATABASES["default"]["NAME"]
        name = options["database"] or (
            configured if "bench" in configured else f"{configured}_bench"
        )
        if options["child"]:
            use_database(name)
            self.run_child(options)
            return
        ensure_database(name)
        use_database(name)
        started = time.perf_counter()
        load_start = report.load_average()
        call_command("migrate", verbosity=0, interactive=False)
        data.ensure_district()
        with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
            files, meta = self.write_files(Path(workdir), options)
            results = {}
            for variant, fresh in PLAN:
                if fresh:
                    data.truncate_register()
                results[variant] = self.run_variant(variant, files=files, database=name)
                self.report_line(variant, results[variant])
        meta["method"] = METHOD
        meta["load_start"] = load_start
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            report.render(
                results=results, meta=meta, elapsed=time.perf_counter() - started
            ),
            encoding="utf-8",
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {out}"))

    def write_files(self, workdir: Path, options) -> tuple[dict[str, str], dict]:
        persons, seed = options["persons"], options["seed"]
        files = {
            "xlsx": workdir / "register.xlsx",
            "csv": workdir / "register.csv",
            "errors": workdir / "register-errors.xlsx",
            "sample": workdir / "register-sample.xlsx",
        }

        # Generated afresh for each file (deterministic), so this process stays small.
        def rows(limit: int = persons):
            return data.register_rows(persons=limit, seed=seed)

        data.write_register_file(files["xlsx"], rows())
        data.write_register_file(files["csv"], rows())
        spoiled = data.with_errors(rows(), rate=options["error_rate"], seed=seed)
        data.write_register_file(files["errors"], spoiled)
        sample = min(options["sample"], persons)
        data.write_register_file(files["sample"], rows(sample))
        households = {(r["village_code"], r["household_no"]) for r in rows()}
        meta = {
            "persons": persons,
            "seed": seed,
            "households": len(households),
            "villages": len(data.district_villages()),
            "sample_rows": sample,
            "error_rate": options["error_rate"],
            "xlsx_mb": files["xlsx"].stat().st_size / 2**20,
            "csv_mb": files["csv"].stat().st_size / 2**20,
            "csv_sha256": hashlib.sha256(files["csv"].read_bytes()).hexdigest(),
        }
        self.stdout.write(f"Generated {persons:,} rows in {workdir}")
        meta["export_sample"] = min(options["export_sample"] or persons, persons)
        inputs = {key: str(path) for key, path in files.items()}
        return {**inputs, "export_sample": str(meta["export_sample"])}, meta

    def run_variant(
        self, variant: str, *, files: dict[str, str], database: str
    ) -> dict:
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as result_file:
            result_path = Path(result_file.name)
        command = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "bench",
            "--child",
            variant,
            "--database",
            database,
            "--files",
            json.dumps(files),
            "--result",
            str(result_path),
        ]
        try:
            with tempfile.TemporaryFile() as log:
                process = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT)
                log.seek(0)
                output = log.read().decode("utf-8", "replace")
            if process.returncode != 0:
                last = output.strip().splitlines()[-1:] or ["no output"]
                self.stderr.write(output[-4000:])
                return {"error": f"exit {process.returncode}: {last[0][:200]}"}
            return json.loads(result_path.read_text())
        finally:
            result_path.unlink(missing_ok=True)

    def run_child(self, options) -> None:
        files = json.loads(options["files"])
        variant = options["child"]
        key = "ours-commit-xlsx" if variant == "ours-reimport-xlsx" else variant
        result = VARIANTS[key](files)
        result["peak_mb"] = peak_rss_mb()
        if variant == "ours-reimport-xlsx":
            result["notes"] = f"{result.get('created', 0)} created"
        elif variant.startswith("copy"):
            result["notes"] = (
                f"{result['audit_rows']:,} audit rows; payload built in memory first "
                "(not timed, counted in the peak)"
            )
        elif "invalid" in result:
            result["notes"] = _import_notes(result, dry_run="-dry-" in variant)
        Path(options["result"]).write_text(json.dumps(result, default=str))

    def report_line(self, variant: str, result: dict) -> None:
        if result.get("error"):
            self.stdout.write(self.style.ERROR(f"{variant}: {result['error']}"))
            return
        per_s = result["rows"] / result["seconds"] if result.get("seconds") else 0
        self.stdout.write(
            f"{variant}: {result['rows']:,} rows in {result['seconds']:.2f} s "
            f"({per_s:,.0f} rows/s), peak {result['peak_mb']:.0f} MB"
        )


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM) in MiB.

    Not ru_maxrss: on Linux a child's ru_maxrss keeps the high-water mark of the parent's
    pages it was forked from, so every variant would report at least the parent's size.
    VmHWM belongs to the memory map the child got at exec.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _import_notes(result: dict, *, dry_run: bool) -> str:
    notes = []
    if result.get("invalid"):
        notes.append(f"{result['invalid']:,} rows refused")
    if result.get("created"):
        verb = "new (nothing written)" if dry_run else "created"
        notes.append(f"{result['created']:,} {verb}")
    if result.get("audit_rows"):
        notes.append(f"{result['audit_rows']:,} audit rows")
    return ", ".join(notes)
