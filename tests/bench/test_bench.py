"""`make bench` works end to end (at a tiny size; the real run writes docs/benchmarks.md)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from bench import document
from bench.households.bars import bar_rows, combine_repeats
from bench.households.report import targets
from bench.registry import discover
from bench.runner import ensure_database


@pytest.mark.django_db(transaction=True)
def test_the_bench_runs_every_scenario_and_writes_the_report(tmp_path):
    out = tmp_path / "benchmarks.md"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}

    finished = subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "bench",
            "--persons",
            "300",
            "--sample",
            "60",
            "--database",
            connection.settings_dict["NAME"],
            "--out",
            str(out),
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-4000:]
    report = out.read_text(encoding="utf-8")
    assert "failed:" not in report, report
    for heading in ("## Machine and software", "## Import", "## Export", "## Targets"):
        assert heading in report
    assert "| ours: commit | XLSX | 300 |" in report
    assert (
        "| PostgreSQL COPY of the pre-validated rows | rows in memory | 300 |" in report
    )
    assert "| django-import-export Resource.export() default | XLSX | 300 |" in report
    targets_table = report.split("## Targets", 1)[1].split("## How", 1)[0]
    assert "not measured" not in targets_table
    copy_row = next(
        line for line in report.splitlines() if line.startswith("| PostgreSQL COPY")
    )
    assert "median of" in copy_row
    steps_table = report.split("### Where the import's time goes", 1)[1]
    assert "| read the file |" in steps_table
    assert "| insert persons |" in steps_table
    for suite in ("households", "checkups", "incentives", "reports"):
        assert f"with `python -m bench --suite {suite} --persons 300`" in report


def _measured(rows_per_s: float, peak_mb: float = 100) -> dict:
    return {"rows": int(rows_per_s), "seconds": 1.0, "peak_mb": peak_mb}


def test_a_target_passes_or_fails_by_its_measured_value():
    fast = {
        "ours-commit-xlsx": _measured(30_000),
        "ours-commit-csv": _measured(30_000),
        "die-commit-xlsx": _measured(1_000),
    }
    slow = {**fast, "ours-commit-xlsx": _measured(5_000)}

    def verdict(results, name):
        return next(t.passed for t in targets(results) if t.name == name)

    versus = "import commit (XLSX) vs plain django-import-export commit"
    budget = "performance.md §4.5 B-IMP-2 commit, XLSX"
    assert (verdict(fast, versus), verdict(fast, budget)) == (True, True)
    assert (verdict(slow, versus), verdict(slow, budget)) == (False, False)
    assert verdict({}, "B-EXP-1 export, XLSX") is None


def test_apps_contribute_their_suite_through_the_registry():
    suites = discover()

    assert "households" in suites
    plan = [name for name, _fresh in suites["households"].plan]
    assert set(plan) <= set(suites["households"].scenarios)


def test_the_bench_is_left_out_of_the_production_image():
    ignored = (Path(settings.BASE_DIR) / ".dockerignore").read_text().splitlines()

    assert "bench" in ignored


def test_the_bench_refuses_a_database_it_could_damage():
    with pytest.raises(CommandError):
        ensure_database("bureau")


def test_running_one_suite_rewrites_its_section_and_keeps_the_others():
    first = document.merge("", {"households": "register A", "reports": "ranks A"}, [])
    again = document.merge(first, {"reports": "ranks B"}, ["households", "reports"])

    assert "register A" in again
    assert "ranks B" in again
    assert "ranks A" not in again
    assert again.index("register A") < again.index("ranks B")


def test_the_copy_pair_is_shown_by_its_median_run():
    runs = {
        "copy": _measured(1_000) | {"seconds": 9.0},
        "copy#2": _measured(1_000) | {"seconds": 4.0},
        "copy#3": _measured(1_000) | {"seconds": 5.0},
        "copy-no-triggers": _measured(1_000) | {"seconds": 4.0},
        "copy-no-triggers#2": _measured(1_000) | {"seconds": 3.0},
        "copy-no-triggers#3": _measured(1_000) | {"seconds": 3.5},
    }

    combined = combine_repeats(runs)

    assert "copy#2" not in combined
    assert (combined["copy"]["seconds"], combined["copy-no-triggers"]["seconds"]) == (
        5.0,
        3.5,
    )
    copy_bar = bar_rows(combined)[0]
    assert "5.00 s / 3.50 s = 1.43×" in copy_bar[2]
    assert "PASS" in copy_bar[2]
