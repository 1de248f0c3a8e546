"""docs/benchmarks.md: the machine, the software, one table per scenario, targets PASS/FAIL."""

import os
import platform
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

PG_SETTINGS = (
    "shared_buffers",
    "work_mem",
    "maintenance_work_mem",
    "max_wal_size",
    "synchronous_commit",
    "jit",
    "max_parallel_workers_per_gather",
)
LIBRARIES = (
    "Django",
    "psycopg2-binary",
    "django-import-export",
    "tablib",
    "openpyxl",
    "XlsxWriter",
    "python-calamine",
    "django-pghistory",
)
LABELS = {
    "ours-dry-xlsx": ("ours: dry run", "XLSX"),
    "ours-dry-csv": ("ours: dry run", "CSV"),
    "ours-dry-xlsx-errors": ("ours: dry run, 2 % error rows", "XLSX"),
    "ours-commit-xlsx": ("ours: commit", "XLSX"),
    "ours-commit-csv": ("ours: commit", "CSV"),
    "ours-reimport-xlsx": ("ours: re-import of the same file (0 changes)", "XLSX"),
    "die-dry-xlsx": (
        "plain django-import-export ModelResource: dry run",
        "XLSX sample",
    ),
    "die-commit-xlsx": (
        "plain django-import-export ModelResource: commit",
        "XLSX sample",
    ),
    "copy": ("PostgreSQL COPY of the pre-validated rows", "rows in memory"),
    "copy-no-triggers": (
        "COPY, audit triggers off (labelled variant)",
        "rows in memory",
    ),
    "export-ours-xlsx-township": ("ours: one township", "XLSX"),
    "export-ours-xlsx": ("ours: whole register", "XLSX"),
    "export-ours-csv": ("ours: whole register", "CSV (BOM)"),
    "export-die-xlsx": ("django-import-export Resource.export() default", "XLSX"),
}
IMPORTS = (
    "ours-dry-xlsx",
    "ours-dry-csv",
    "ours-dry-xlsx-errors",
    "die-dry-xlsx",
    "ours-commit-xlsx",
    "ours-commit-csv",
    "ours-reimport-xlsx",
    "die-commit-xlsx",
    "copy",
    "copy-no-triggers",
)
EXPORTS = (
    "export-ours-xlsx-township",
    "export-ours-xlsx",
    "export-ours-csv",
    "export-die-xlsx",
)
FLAT_MEMORY_MB = 25


@dataclass
class Target:
    name: str
    wanted: str
    measured: str
    passed: bool | None


def rate(result: dict[str, Any] | None) -> float | None:
    if not result or not result.get("seconds") or result.get("error"):
        return None
    return result["rows"] / result["seconds"]


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def targets(results: dict[str, dict[str, Any]]) -> list[Target]:
    """The issue's targets, then performance.md §4.5's budgets, each PASS or FAIL."""
    found = []

    def ratio_target(name, wanted, numerator, denominator, check):
        value = _ratio(rate(results.get(numerator)), rate(results.get(denominator)))
        measured = f"{value:.1f}×" if value else "not measured"
        found.append(Target(name, wanted, measured, check(value) if value else None))

    for fmt in ("xlsx", "csv"):
        ratio_target(
            f"import commit ({fmt.upper()}) vs plain django-import-export commit",
            "≥ 10×",
            f"ours-commit-{fmt}",
            "die-commit-xlsx",
            lambda v: v >= 10,
        )
    ratio_target(
        "import dry run (XLSX) vs plain django-import-export dry run",
        "≥ 10×",
        "ours-dry-xlsx",
        "die-dry-xlsx",
        lambda v: v >= 10,
    )
    for fmt in ("xlsx", "csv"):
        ratio_target(
            f"COPY vs import commit ({fmt.upper()}): COPY is at most 3× faster",
            "≤ 3×",
            "copy",
            f"ours-commit-{fmt}",
            lambda v: v <= 3,
        )
    ratio_target(
        "export XLSX vs django-import-export default export",
        "≥ 5×",
        "export-ours-xlsx",
        "export-die-xlsx",
        lambda v: v >= 5,
    )
    small, large = (
        results.get("export-ours-xlsx-township"),
        results.get("export-ours-xlsx"),
    )
    if small and large and small.get("peak_mb") and large.get("peak_mb"):
        growth = large["peak_mb"] - small["peak_mb"]
        found.append(
            Target(
                "export memory flat in row count (peak RSS, whole register vs one township)",
                f"grows ≤ {FLAT_MEMORY_MB} MB",
                f"{small['rows']:,} rows {small['peak_mb']:.0f} MB → "
                f"{large['rows']:,} rows {large['peak_mb']:.0f} MB ({growth:+.0f} MB)",
                growth <= FLAT_MEMORY_MB,
            )
        )
    budgets = (
        ("B-IMP-1 dry run, XLSX", "ours-dry-xlsx", 30_000, 300),
        ("B-IMP-2 commit, XLSX", "ours-commit-xlsx", 20_000, None),
        ("B-EXP-1 export, XLSX", "export-ours-xlsx", 15_000, 150),
    )
    for name, key, rows_per_s, peak_mb in budgets:
        result = results.get(key)
        value = rate(result)
        if value is None:
            found.append(Target(name, "", "not measured", None))
            continue
        wanted = f"≥ {rows_per_s:,} rows/s" + (
            f", peak ≤ {peak_mb} MB" if peak_mb else ""
        )
        passed = value >= rows_per_s and (not peak_mb or result["peak_mb"] <= peak_mb)
        measured = f"{value:,.0f} rows/s, peak {result['peak_mb']:.0f} MB"
        found.append(Target(f"performance.md §4.5 {name}", wanted, measured, passed))
    return found


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    memory = next(
        (
            f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
            for line in _read("/proc/meminfo").splitlines()
            if line.startswith("MemTotal")
        ),
        "unknown",
    )
    return {
        "cpu": cpu,
        "nproc": str(os.cpu_count()),
        "memory": memory,
        "os": platform.platform(),
    }


def git_revision() -> str:
    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args],
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                check=True,
                timeout=10,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    sha = git("rev-parse", "--short=12", "HEAD") or "unknown"
    return sha + (" (with uncommitted changes)" if git("status", "--porcelain") else "")


def database() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
        values = {}
        for name in PG_SETTINGS:
            cursor.execute(f"SHOW {name}")  # names are constants above
            values[name] = cursor.fetchone()[0]
    db = connection.settings_dict
    if os.environ.get("DATABASE_URL"):
        where = f"PostgreSQL server from DATABASE_URL ({db.get('HOST') or 'socket'}:"
        where += f"{db.get('PORT') or 5432}), database `{db['NAME']}`"
    else:
        where = f"embedded PostgreSQL (pgserver), database `{db['NAME']}`"
    return {"version": version, "where": where, **values}


def load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def _versions() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def _mb(value: float | None) -> str:
    return f"{value:.0f}" if value is not None else "—"


def _row(key: str, result: dict[str, Any] | None) -> str:
    label, source = LABELS[key]
    if not result:
        return f"| {label} | {source} | — | — | — | — | — | — | not run |"
    if result.get("error"):
        return f"| {label} | {source} | — | — | — | — | — | — | failed: {result['error']} |"
    per_s = rate(result)
    queries = result.get("queries")
    per_k = (
        f"{queries * 1000 / result['rows']:.1f}" if queries and result["rows"] else "—"
    )
    return (
        f"| {label} | {source} | {result['rows']:,} | {result['seconds']:.2f} | "
        f"{per_s:,.0f} | {queries if queries is not None else '—'} | {per_k} | "
        f"{_mb(result.get('peak_mb'))} | {result.get('notes', '')} |"
    )


def render(
    *, results: dict[str, dict[str, Any]], meta: dict[str, Any], elapsed: float
) -> str:
    box, db = machine(), database()
    lines = [
        "## Register: import and export",
        "",
        "Produced by `make bench` (`python -m bench --persons "
        f"{meta['persons']} --out docs/benchmarks.md`). Every variant ran in a fresh "
        "process on an emptied register (persons, households and their audit events "
        "truncated first) with the audit triggers on; peak RSS is that process's "
        "high-water mark (`VmHWM`: its `ru_maxrss` without the pages of the parent it was "
        "forked from), so it covers the whole Django process: "
        f"{_mb((results.get('idle') or {}).get('peak_mb'))} MB for one that only starts "
        "Django and runs one query. "
        "One run each, but for the two COPY variants, run three times each, alternating, "
        "and shown by their median: read about ±15 % into any single figure.",
        "",
        "### Machine and software",
        "",
        f"- Date: {timezone.localtime():%Y-%m-%d %H:%M %Z}; total bench time "
        f"{elapsed / 60:.1f} min",
        f"- Git: {git_revision()}",
        f"- CPU: {box['cpu']}; nproc {box['nproc']}; memory {box['memory']}; {box['os']}",
        f"- Load average (1 min) at the start and the end: {meta.get('load_start', '?')} / "
        f"{load_average()} — other processes on the machine slow every variant alike",
        f"- Python {platform.python_version()}; {_versions()}",
        f"- Database: {db['where']}",
        f"- {db['version']}",
        "- PostgreSQL settings: "
        + ", ".join(f"{name}={db[name]}" for name in PG_SETTINGS),
        "",
        "### Data",
        "",
        f"- {meta['persons']:,} persons in {meta['households']:,} households, "
        f"{meta['villages']} villages in 12 townships, from "
        f"`households.demo.generate_register_rows(seed={meta['seed']})`: valid GB 11643 "
        "ID numbers, weighted surnames, families, about 5 % migrants.",
        f"- Files: XLSX {meta['xlsx_mb']:.1f} MB, CSV (UTF-8 with BOM) "
        f"{meta['csv_mb']:.1f} MB (SHA-256 of the CSV `{meta['csv_sha256'][:16]}…`), "
        f"XLSX with {meta['error_rate']:.0%} spoiled rows for the error dry run.",
        f"- The django-import-export variants read the first {meta['sample_rows']:,} rows "
        "of the same file (written as their own XLSX): at its speed the whole file would "
        f"take minutes per pass. Its rows/s is the measured rate; its time for "
        f"{meta['persons']:,} rows would be about "
        + (
            f"{meta['persons'] / rate(results['die-commit-xlsx']):,.0f} s"
            if rate(results.get("die-commit-xlsx"))
            else "—"
        )
        + ", and its peak memory grows with the rows (tablib holds the whole dataset).",
        f"- The django-import-export export read the first {meta['export_sample']:,} persons "
        "of the register (one query per related row makes the whole register take many "
        "minutes); its rows/s is the measured rate and its peak memory is for that many "
        "rows only — it grows with the rows, ours does not.",
        "",
        "### Import",
        "",
        "| variant | input | rows | seconds | rows/s | SQL queries | per 1k rows | "
        "peak RSS MB | notes |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        *(_row(key, results.get(key)) for key in IMPORTS),
        "",
        "### Export",
        "",
        "| variant | format | rows | seconds | rows/s | SQL queries | per 1k rows | "
        "peak RSS MB | notes |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        *(_row(key, results.get(key)) for key in EXPORTS),
        "",
        "### Targets",
        "",
        "| target | wanted | measured | result |",
        "| --- | --- | --- | --- |",
    ]
    for target in targets(results):
        verdict = {True: "PASS", False: "**FAIL**", None: "not measured"}[target.passed]
        lines.append(
            f"| {target.name} | {target.wanted} | {target.measured} | {verdict} |"
        )
    lines += ["", *meta.get("bar", [])]
    lines += ["", *meta.get("steps", [])]
    lines += ["", "### How each variant works", "", *meta["method"], ""]
    return "\n".join(lines)
