"""What an importer is: the contract between the pipeline and an app's importer."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.utils.translation import gettext, gettext_lazy

from bureau.spreadsheets import Column

# (row number as the user sees it, {column name: cell text}) from read_rows().
Rows = Iterator[tuple[int, dict[str, str]]]
# Called after each chunk with the number of data rows read so far.
Progress = Callable[[int], None]


def no_progress(done: int) -> None:
    """A Progress callback that does nothing."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row: `column` is the header the user sees ("" for the row)."""

    row: int
    column: str
    message: str
    warning: bool = False

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }
        if self.warning:
            data["warning"] = True
        return data


@dataclass
class ImportResult:
    """What a dry run found or a commit did.

    `committed` is true only when rows were written (or there was nothing to
    write and no error blocked the import). `errors` holds warnings too
    (`RowError.warning`); only errors count in `rows_invalid`. `details` holds
    counts only the importer knows the meaning of (its `commit_summary` shows them).
    """

    rows_total: int = 0
    rows_invalid: int = 0
    rows_created: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    details: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = True
    committed: bool = False

    @property
    def blocking_errors(self) -> list[RowError]:
        return [e for e in self.errors if not e.warning]

    @property
    def rows_valid(self) -> int:
        return self.rows_total - self.rows_invalid


class Importer:
    """Base class of an app's importer; register an instance with `register_importer`.

    `kind` names it on the ImportJob ("households.register"), `permission` is the
    role permission an uploader needs, `columns` the header spec read_rows() uses.
    The import pages (bureau.imports.views) show `title`, `action_label`,
    `file_label` and `instructions`.
    """

    kind: str = ""
    label: str = ""
    permission: str = ""
    columns: Sequence[Column] = ()
    template_filename: str = "template.xlsx"
    title: Any = gettext_lazy("Imports")
    action_label: Any = gettext_lazy("Import a file")
    file_label: Any = gettext_lazy("File")
    instructions: Any = ""

    def commit_summary(self, result: ImportResult) -> str:
        """What a commit wrote, in one sentence (rows left out are added by the pipeline)."""
        return gettext(
            "%(created)d rows added, %(updated)d changed, %(unchanged)d unchanged."
        ) % {
            "created": result.rows_created,
            "updated": result.rows_updated,
            "unchanged": result.rows_unchanged,
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
        """Check every row; unless `dry_run`, write them all-or-nothing (or the valid ones)."""
        raise NotImplementedError

    def write_template(self, target: BinaryIO) -> None:
        """Write the downloadable, empty template workbook to `target`."""
        raise NotImplementedError

    def write_template_for(self, target: BinaryIO, *, user) -> None:
        """The template as `user` downloads it (an importer may list their villages)."""
        self.write_template(target)

    def column_label(self, name: str) -> str:
        """The header the template uses for column `name`."""
        for column in self.columns:
            if column.name == name:
                return column.headers[0]
        return name
