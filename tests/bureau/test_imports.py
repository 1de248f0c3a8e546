"""The import pipeline of the core, with a small importer of its own."""

import hashlib
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bureau import imports
from bureau.imports import (
    Importer,
    ImportResult,
    RowError,
    check_import,
    commit_import,
    estimate_rows,
    register_importer,
    start_import,
    visible_import_jobs,
    write_error_report,
)
from bureau.imports import pipeline as pipeline_module
from bureau.models import ImportJob
from bureau.spreadsheets import Column, write_xlsx
from bureau.tasks import check_import_task, commit_import_task


class ListImporter(Importer):
    """Rows (name, value); a value of "bad" is an error. Records what it was asked."""

    kind = "tests.list"
    label = "list"
    permission = "bureau.unmask_personal_data"  # staff and auditors; not chiefs
    columns = (Column("name", ("名称", "name"), True), Column("value", ("值", "value")))
    runs: list = []

    def run(self, rows, *, by, valid_only, dry_run, progress=imports.no_progress):
        result = ImportResult(dry_run=dry_run)
        for row, cells in rows:
            result.rows_total += 1
            if cells.get("value") == "bad":
                result.errors.append(RowError(row, "值", "bad value"))
                result.rows_invalid += 1
            if result.rows_total % 2 == 0:
                progress(result.rows_total)
                latest = ImportJob.objects.order_by("-pk")
                self.runs.append(latest.values_list("progress", flat=True).first())
        if not dry_run and (valid_only or not result.rows_invalid):
            result.committed = True
            result.rows_created = result.rows_valid
        return result

    def write_template(self, target):
        write_xlsx(target, headers=["名称", "值"], rows=[])


class CrashingImporter(ListImporter):
    kind = "tests.crash"

    def run(self, rows, **kwargs):
        raise RuntimeError("boom")


register_importer(ListImporter())
register_importer(CrashingImporter())


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    ListImporter.runs = []


def csv_file(*rows: tuple[str, str]) -> io.BytesIO:
    lines = ["名称,值", *(f"{name},{value}" for name, value in rows)]
    return io.BytesIO("\r\n".join(lines).encode("utf-8-sig"))


def start(user, *rows, kind="tests.list", valid_only=False, filename="list.csv"):
    return start_import(
        by=user,
        kind=kind,
        file=csv_file(*rows),
        filename=filename,
        valid_only=valid_only,
    )


def test_upload_is_stored_privately_with_its_hash(staff, settings):
    data = csv_file(("a", "1")).getvalue()

    job = start(staff, ("a", "1"), filename="C:\\Users\\me\\名单.csv")

    assert (job.status, job.filename, job.created_by) == ("uploaded", "名单.csv", staff)
    assert job.sha256 == hashlib.sha256(data).hexdigest()
    stored = Path(job.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT) / "imports")
    assert stored.name != "名单.csv"
    assert stored.read_bytes() == data


@pytest.mark.parametrize("name", ["list.txt", "list.xlsm", "list.csv.exe", "list"])
def test_other_types_are_refused(staff, name):
    with pytest.raises(ValidationError) as refused:
        start(staff, ("a", "1"), filename=name)
    assert refused.value.code == "file_type"
    assert not ImportJob.objects.exists()


def test_files_over_the_limit_are_refused_even_without_a_size(staff, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    stream = io.BytesIO(b"a" * (2 * 1024 * 1024))

    with pytest.raises(ValidationError) as refused:
        start_import(by=staff, kind="tests.list", file=stream, filename="big.csv")

    assert refused.value.code == "file_size"
    assert not ImportJob.objects.exists()


def test_roles_without_the_importers_permission_may_not_upload(chief):
    with pytest.raises(PermissionDenied):
        start(chief, ("a", "1"))


def test_dry_run_stores_the_report_and_counts(staff):
    job = start(staff, ("a", "1"), ("b", "bad"), ("c", "2"))

    job = check_import(job.pk)

    assert (job.status, job.progress, job.rows_total, job.rows_invalid) == (
        "checked",
        100,
        3,
        1,
    )
    assert job.errors == [{"row": 3, "column": "值", "message": "bad value"}]
    assert job.message
    assert job.finished_at is not None


def test_progress_is_written_to_the_job_while_it_runs(staff):
    job = start(staff, *[(f"n{i}", "1") for i in range(8)])

    check_import(job.pk)

    assert ListImporter.runs == [25, 50, 75, 99]


def test_commit_is_all_or_nothing_unless_valid_only(staff):
    strict = commit_import(start(staff, ("a", "1"), ("b", "bad")).pk)
    lenient = commit_import(start(staff, ("a", "1"), ("b", "bad"), valid_only=True).pk)

    assert (strict.status, strict.rows_created) == ("failed", 0)
    assert (lenient.status, lenient.rows_created) == ("done", 1)


def test_a_finished_or_running_job_is_not_run_again(staff):
    job = commit_import(start(staff, ("a", "1"), ("b", "2")).pk)
    runs = len(ListImporter.runs)

    assert commit_import(job.pk).status == "done"
    assert check_import(job.pk).status == "done"
    running = start(staff, ("a", "1"), ("b", "2"))
    ImportJob.objects.filter(pk=running.pk).update(status="committing")
    assert commit_import(running.pk).status == "committing"
    assert len(ListImporter.runs) == runs


def test_an_unreadable_file_fails_with_the_readers_message(staff):
    job = start_import(
        by=staff,
        kind="tests.list",
        file=io.BytesIO("别的,列\r\n1,2\r\n".encode()),
        filename="list.csv",
    )

    job = check_import(job.pk)

    assert job.status == ImportJob.Status.FAILED
    assert job.message
    assert job.errors == []


def test_a_crash_fails_the_job_and_reaches_the_worker(staff):
    job = start(staff, ("a", "1"), kind="tests.crash")

    with pytest.raises(RuntimeError):
        commit_import(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.message


def test_only_the_first_problems_are_stored(staff, monkeypatch):
    monkeypatch.setattr(pipeline_module, "MAX_STORED_ERRORS", 2)

    job = check_import(start(staff, *[(f"n{i}", "bad") for i in range(5)]).pk)

    assert job.rows_invalid == 5
    assert len(job.errors) == 2


def test_the_tasks_run_the_pipeline(staff):
    job = start(staff, ("a", "1"))

    assert check_import_task.delay(job.pk).get() == "checked"
    assert commit_import_task.delay(job.pk).get() == "done"


def test_error_report_lists_the_bad_rows_with_an_error_column(staff):
    job = check_import(start(staff, ("=1+1", "bad"), ("ok", "1"), ("x", "bad")).pk)
    target = io.BytesIO()

    written = write_error_report(job, target)

    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert written == 2
    assert rows == [
        ("行号", "名称", "值", "错误"),
        (2, "'=1+1", "bad", "值: bad value"),
        (4, "x", "bad", "值: bad value"),
    ]


def test_jobs_are_visible_to_their_uploader_and_to_auditors(
    staff, auditor, chief, village
):
    from tests.bureau.factories import UserFactory

    mine = start(staff, ("a", "1"))
    colleague = UserFactory.create(role="staff", townships=[village.township])
    theirs = start(colleague, ("a", "1"))

    assert list(visible_import_jobs(staff)) == [mine]
    assert set(visible_import_jobs(auditor)) == {mine, theirs}
    assert not visible_import_jobs(chief).exists()


def test_row_estimates_for_the_progress_bar(tmp_path):
    assert estimate_rows(b"h\r\n1\r\n2\r\n3\r\n", filename="a.csv") == 3
    assert estimate_rows(b"h\n1\n2", filename="a.csv") == 2
    path = tmp_path / "a.xlsx"
    write_xlsx(path, headers=["h"], rows=[[i] for i in range(40)])
    assert estimate_rows(path.read_bytes(), filename="a.xlsx") == 40
    assert estimate_rows(b"not a zip", filename="a.xlsx") == 0
    assert estimate_rows(b"whatever", filename="a.xls") == 0
