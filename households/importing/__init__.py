"""The register spreadsheet import (户籍登记表), plugged into bureau.imports.

    result = import_register_file(by=user, path="村登记表.xlsx", dry_run=True)
    result = import_register_rows(by=user, rows=[{"household_no": "00001", ...}])

Both return bureau.imports.ImportResult. The web page, the Celery tasks and the
`import_register` command go through bureau.imports (start_import / check_import /
commit_import) with kind "households.register", which ends in the same code.
"""

from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext, gettext_lazy

from bureau.imports import (
    Importer,
    ImportResult,
    Progress,
    Rows,
    no_progress,
    register_importer,
)
from bureau.scoping import visible_villages
from bureau.spreadsheets import read_rows
from households.importing.run import (
    CHUNK_ROWS,
    HOUSEHOLDS_CREATED,
    HOUSEHOLDS_UPDATED,
    RegisterRun,
    import_register_rows,
)
from households.importing.spec import LABELS, TEMPLATE_COLUMNS
from households.importing.template import write_register_template

KIND = "households.register"


class RegisterImporter(Importer):
    """The register template as an import kind of bureau.imports (one run: RegisterRun)."""

    kind = KIND
    label = "户籍登记表"
    permission = "households.import_register"
    columns = TEMPLATE_COLUMNS
    template_filename = "户籍登记表模板.xlsx"
    title = gettext_lazy("Register imports")
    action_label = gettext_lazy("Import register")
    file_label = gettext_lazy("Register file")
    instructions = gettext_lazy(
        "Fill in the register template (one row per person; members of a household "
        "share its number). The file is checked first and nothing is written until "
        "you confirm the import."
    )

    def commit_summary(self, result: ImportResult) -> str:
        return gettext(
            "%(created)d persons added, %(updated)d changed, %(unchanged)d unchanged; "
            "%(households)d households added, %(households_changed)d changed."
        ) % {
            "created": result.rows_created,
            "updated": result.rows_updated,
            "unchanged": result.rows_unchanged,
            "households": result.details.get(HOUSEHOLDS_CREATED, 0),
            "households_changed": result.details.get(HOUSEHOLDS_UPDATED, 0),
        }

    def run(
        self,
        rows: Rows,
        *,
        by,
        valid_only: bool,
        dry_run: bool,
        progress: Progress = no_progress,
    ) -> ImportResult:
        return RegisterRun(
            by=by, valid_only=valid_only, dry_run=dry_run, progress=progress
        ).run(rows)

    def write_template(self, target: BinaryIO) -> None:
        write_register_template(target)

    def write_template_for(self, target: BinaryIO, *, user) -> None:
        """The template with the villages `user` may import rows for on sheet 2."""
        villages = (
            visible_villages(user)
            .current()
            .order_by("code")
            .values_list("code", "name", "township__name")
        )
        write_register_template(target, villages=villages)


def import_register_file(
    *,
    by,
    path: str | Path,
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportResult:
    """import_register_rows() over an .xlsx/.xls/.csv file (UTF-8, BOM or GBK CSV).

    Raises bureau.spreadsheets.TableError when the file cannot be read (empty,
    no header row, a required column missing).
    """
    path = Path(path)
    with path.open("rb") as handle:
        rows = read_rows(handle, filename=path.name, columns=TEMPLATE_COLUMNS)
        return RegisterRun(
            by=by, valid_only=valid_only, dry_run=dry_run, progress=progress
        ).run(rows)


register_importer(RegisterImporter())

__all__ = [
    "CHUNK_ROWS",
    "KIND",
    "LABELS",
    "TEMPLATE_COLUMNS",
    "RegisterImporter",
    "RegisterRun",
    "import_register_file",
    "import_register_rows",
    "write_register_template",
]
