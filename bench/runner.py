"""`python -m bench`: every registered suite's benchmarks -> docs/benchmarks.md.

The bench works in its own database (`<configured name>_bench`, created and migrated on first
use, or `--database NAME`) because it empties the app tables between scenarios; it refuses any
database whose name neither contains "bench" nor starts with "test_". Each suite writes its
input files once, then runs each scenario in a fresh `python -m bench --child …` process so
that peak memory (the child's VmHWM, its ru_maxrss without the parent's pages it was forked
from) belongs to that scenario alone.
"""

import argparse
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
from django.utils import timezone

from bench import document
from bench.households import report
from bench.registry import discover, ordered


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
    help = "Benchmark the product's imports and exports against their baselines."

    def add_arguments(self, parser):
        parser.add_argument(
            "--suite", default="", help="Run only this suite (default: every suite)."
        )
        parser.add_argument(
            "--persons",
            type=int,
            default=0,
            help="Register size for every suite (default: each suite's own size).",
        )
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
        suites = discover()
        if options["child"]:
            use_database(name)
            self.run_child(suites, options)
            return
        chosen = [options["suite"]] if options["suite"] else ordered(suites)
        unknown = [suite for suite in chosen if suite not in suites]
        if unknown:
            raise CommandError(f"Unknown suite(s): {', '.join(unknown)}")
        ensure_database(name)
        use_database(name)
        call_command("migrate", verbosity=0, interactive=False)
        sections = {
            suite_name: self.run_suite(suites[suite_name], options, database=name)
            for suite_name in chosen
        }
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        previous = out.read_text(encoding="utf-8") if out.exists() else ""
        out.write_text(
            document.merge(previous, sections, ordered(suites)), encoding="utf-8"
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {out}"))

    def run_suite(self, suite, options, *, database: str) -> str:
        """Run one suite's scenarios in order; its Markdown section with how it was run."""
        options = {**options, "persons": options["persons"] or suite.persons}
        load_start = report.load_average()
        started = time.perf_counter()
        suite.setup()
        with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
            files, meta = suite.prepare(Path(workdir), options)
            self.stdout.write(f"{suite.name}: inputs written in {workdir}")
            results = {}
            for variant, fresh in suite.plan:
                if fresh:
                    suite.reset()
                results[variant] = self.run_variant(
                    suite.name, variant, files=files, database=database
                )
                self.report_line(variant, results[variant])
        elapsed = time.perf_counter() - started
        meta["load_start"] = load_start
        body = suite.render(results=results, meta=meta, elapsed=elapsed)
        return f"{body.rstrip()}\n\n{measured_on(suite.name, options, elapsed, load_start)}"

    def run_variant(
        self, suite: str, variant: str, *, files: dict[str, str], database: str
    ) -> dict:
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as result_file:
            result_path = Path(result_file.name)
        command = [
            sys.executable,
            "-m",
            "bench",
            "--suite",
            suite,
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
                process = subprocess.run(
                    command,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=settings.BASE_DIR,
                )
                log.seek(0)
                output = log.read().decode("utf-8", "replace")
            if process.returncode != 0:
                last = output.strip().splitlines()[-1:] or ["no output"]
                self.stderr.write(output[-4000:])
                return {"error": f"exit {process.returncode}: {last[0][:200]}"}
            return json.loads(result_path.read_text())
        finally:
            result_path.unlink(missing_ok=True)

    def run_child(self, suites, options) -> None:
        suite = suites[options["suite"]]
        variant = options["child"]
        result = suite.scenarios[variant](json.loads(options["files"]))
        result["peak_mb"] = peak_rss_mb()
        notes = suite.notes(variant, result)
        if notes:
            result["notes"] = notes
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


def measured_on(suite: str, options, elapsed: float, load_start: str) -> str:
    return (
        f"*Measured {timezone.now():%Y-%m-%d %H:%M} UTC with `python -m bench --suite "
        f"{suite} --persons {options['persons']}` in {elapsed / 60:.1f} min, git "
        f"{report.git_revision()}; load average (1 min) at the start and the end "
        f"{load_start} / {report.load_average()} on {report.machine()['nproc']} cores.*"
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
