"""The one spreadsheet import pipeline of the core; apps plug in an importer.

    job = start_import(by=user, kind="households.register", file=f, filename="a.xlsx")
    check_import(job.pk)     # dry run: row report on the job, nothing written
    commit_import(job.pk)    # atomic write (all-or-nothing unless job.valid_only)

An app registers an `Importer` subclass instance with `register_importer` in its
`<app>/importing` module, which the registry imports on first use. The pages
(bureau.imports.views, kind passed by the app's urls.py) and the command
`manage.py import KIND FILE --as USER` serve every kind.
"""

from bureau.imports.base import (
    Importer,
    ImportResult,
    Progress,
    RowError,
    Rows,
    no_progress,
)
from bureau.imports.files import ALLOWED_EXTENSIONS, estimate_rows
from bureau.imports.pipeline import (
    MAX_STORED_ERRORS,
    can_import,
    check_import,
    choose_valid_only,
    commit_import,
    may_choose_valid_only,
    may_commit_import,
    may_import_job,
    start_import,
)
from bureau.imports.registry import get_importer, importer_kinds, register_importer
from bureau.imports.report import write_error_report
from bureau.imports.selectors import visible_import_jobs

__all__ = [
    "ALLOWED_EXTENSIONS",
    "MAX_STORED_ERRORS",
    "ImportResult",
    "Importer",
    "Progress",
    "RowError",
    "Rows",
    "can_import",
    "check_import",
    "choose_valid_only",
    "commit_import",
    "estimate_rows",
    "get_importer",
    "importer_kinds",
    "may_choose_valid_only",
    "may_commit_import",
    "may_import_job",
    "no_progress",
    "register_importer",
    "start_import",
    "visible_import_jobs",
    "write_error_report",
]
