"""`make bench` works end to end (at a tiny size; the real run writes docs/benchmarks.md)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_the_bench_command_runs_every_variant_and_writes_the_report(tmp_path):
    out = tmp_path / "benchmarks.md"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}

    finished = subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
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
    assert "PASS" in report or "FAIL" in report


def test_the_bench_refuses_a_database_it_could_damage():
    from django.core.management.base import CommandError

    from households.management.commands.bench import ensure_database

    with pytest.raises(CommandError):
        ensure_database("bureau")
