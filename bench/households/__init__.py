"""The register's suite: import and export against their baselines -> docs/benchmarks.md.

Registered with bench.registry; `python -m bench` (make bench) runs it.
"""

import hashlib
from pathlib import Path

from bench.households import bars, data, report
from bench.households.steps import render_steps
from bench.households.variants import VARIANTS
from bench.registry import Suite, register_suite

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
    *bars.repeats_plan(),
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
    "- **plain django-import-export**: `bench.households.baseline.PlainPersonImport`, a "
    "`ModelResource` with default settings (`import_id_fields=('id_number_hash',)`, "
    "row-by-row `save()`, `ForeignKeyWidget(Household)`, households by `get_or_create`), "
    "the file loaded by tablib, `import_data(dry_run=…, use_transactions=True)`.",
    "- **COPY**: the same CSV rows derived beforehand (encryption, lookup hash, pinyin, "
    "labels — not timed), then `COPY households_household` and `COPY households_person` "
    "(`FORMAT csv`) in one transaction with the audit triggers on (once per statement, "
    "one event row per person and household), under the same audit context as the "
    "import; the labelled variant disables the audit triggers (foreign keys still "
    "checked) to show what the audit trail costs.",
    "- **ours (export)**: `households.services.exports` (the list filters, masking) into "
    "`bureau.exports.write_logged_export` as an auditor — the download page's path without "
    "the HTTP layer: file written in constant memory to a temporary file, SHA-256 taken, "
    "access event logged; masked ID numbers and phones.",
    "- **django-import-export default export**: `PlainPersonExport().export(queryset)` with "
    "the same 17 columns declared by attribute path (one query per related row), then "
    "`dataset.export('xlsx')`.",
]


def write_files(workdir: Path, options) -> tuple[dict[str, str], dict]:
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
    meta["export_sample"] = min(options["export_sample"] or persons, persons)
    inputs = {key: str(path) for key, path in files.items()}
    return {**inputs, "export_sample": str(meta["export_sample"])}, meta


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


def result_notes(variant: str, result: dict) -> str:
    if variant == "ours-reimport-xlsx":
        return f"{result.get('created', 0)} created"
    if variant.startswith("copy"):  # and its repeats, copy#2 …
        return (
            f"{result['audit_rows']:,} audit rows; payload built in memory first "
            "(not timed, counted in the peak)"
        )
    if "invalid" in result:
        return _import_notes(result, dry_run="-dry-" in variant)
    return ""


def render(*, results, meta, elapsed) -> str:
    results = bars.combine_repeats(results)
    meta = {
        **meta,
        "method": METHOD,
        "bar": bars.render_bar(results),
        "steps": render_steps(results),
    }
    return report.render(results=results, meta=meta, elapsed=elapsed)


SCENARIOS = {
    **VARIANTS,
    # The second commit of the same file: the register is already filled.
    "ours-reimport-xlsx": VARIANTS["ours-commit-xlsx"],
    **{key: VARIANTS[key.split("#")[0]] for key, _fresh in bars.repeats_plan()},
}

register_suite(
    Suite(
        name="households",
        plan=PLAN,
        scenarios=SCENARIOS,
        prepare=write_files,
        reset=data.truncate_register,
        setup=data.ensure_district,
        render=render,
        notes=result_notes,
    )
)
