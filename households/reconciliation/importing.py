"""Importing a shared file: check every row, then match and queue in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bureau.audit import audit_context
from bureau.imports.base import RowError
from bureau.imports.files import check_extension, clean_filename, spool_upload
from bureau.spreadsheets import TableError, read_rows
from households.models import ReconciliationItem, SourceBatch
from households.reconciliation import matching
from households.reconciliation.formats import (
    HEADERS,
    HOSPITAL_COLUMNS,
    POLICE_COLUMNS,
    RowReader,
)

IMPORT_PERMISSION = "households.add_sourcebatch"
# A hospital file covers a month or so; a wider span is almost always a mistyped year,
# and would flag every register birth in between as missing from the source.
MAX_HOSPITAL_SPAN_DAYS = 366
Source = SourceBatch.Source


class SourceFileRefused(ValidationError):
    """Rows of the file have errors; nothing was written. `report` lists them."""

    def __init__(self, report: list[RowError]) -> None:
        rows = len({error.row for error in report})
        super().__init__(
            ngettext(
                "%(count)d row has errors; nothing was imported. Correct the file "
                "and upload it again.",
                "%(count)d rows have errors; nothing was imported. Correct the file "
                "and upload it again.",
                rows,
            )
            % {"count": rows},
            code="rows",
        )
        self.report = report


def _already_imported(source: str, digest: str) -> ValidationError:
    batch = (
        SourceBatch.objects.filter(source=source, sha256=digest)
        .select_related("imported_by")
        .first()
    )
    if batch is None:
        return ValidationError(_("This file was already imported."), code="duplicate")
    return ValidationError(
        _(
            "This file was already imported on %(date)s by %(user)s (%(name)s); "
            "nothing was imported again."
        )
        % {
            "date": date_format(timezone.localtime(batch.imported_at), "Y-m-d H:i"),
            "user": batch.imported_by,
            "name": batch.filename,
        },
        code="duplicate",
    )


def _read(source: str, file, filename: str, *, today) -> tuple[list, list[RowError]]:
    reader = RowReader(today=today)
    columns, parse = (
        (HOSPITAL_COLUMNS, reader.hospital)
        if source == Source.HOSPITAL_BIRTHS
        else (POLICE_COLUMNS, reader.police)
    )
    try:
        cells = read_rows(file, filename=filename, columns=columns)
        rows = [parse(number, values) for number, values in cells]
    except TableError as error:
        raise ValidationError(error.message, code="table") from error
    report = [
        RowError(row=row.row, column=column, message=message)
        for row in rows
        for column, message in row.problems
    ]
    return rows, report


def _check_span(rows) -> list[RowError]:
    first = min(rows, key=lambda row: row.birth_date)
    last = max(rows, key=lambda row: row.birth_date)
    if (last.birth_date - first.birth_date).days <= MAX_HOSPITAL_SPAN_DAYS:
        return []
    message = _(
        "The birth dates run from %(first)s (row %(first_row)d) to %(last)s "
        "(row %(last_row)d), more than a year; check for a mistyped year or split "
        "the file."
    ) % {
        "first": first.birth_date.isoformat(),
        "first_row": first.row,
        "last": last.birth_date.isoformat(),
        "last_row": last.row,
    }
    return [
        RowError(row=row.row, column=HEADERS["birth_date"], message=message)
        for row in (first, last)
    ]


def import_source_file(*, by, source: str, file, filename: str) -> SourceBatch:
    """Match a hospital-births or police-events file against the register and queue
    every difference for a person to decide.

    The same file (SHA-256) is refused a second time. Every row is checked first; a
    file with any bad row raises SourceFileRefused with the (row, column, reason)
    report and writes nothing. Nothing in the register changes: each difference
    becomes a ReconciliationItem; ID numbers in `source_facts` are encrypted.
    """
    if not by.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied(_("You may not import shared files."))
    if source not in Source.values:
        raise ValidationError({"source": [_("Choose the kind of file.")]})
    filename = clean_filename(filename)
    check_extension(filename)
    copy, digest = spool_upload(file)
    with copy:
        if SourceBatch.objects.filter(source=source, sha256=digest).exists():
            raise _already_imported(source, digest)
        rows, report = _read(source, copy, filename, today=timezone.localdate())
    if not rows:
        raise ValidationError(_("The file has no data rows."), code="empty")
    if not report and source == Source.HOSPITAL_BIRTHS:
        report = _check_span(rows)
    if report:
        raise SourceFileRefused(report)
    with transaction.atomic(), audit_context(user=by.pk, action="import_source_file"):
        try:
            with transaction.atomic():
                batch = SourceBatch.objects.create(
                    source=source,
                    filename=filename,
                    sha256=digest,
                    rows=len(rows),
                    imported_by=by,
                )
        except IntegrityError as error:
            raise _already_imported(source, digest) from error
        drafts = (
            matching.match_hospital(rows)
            if source == Source.HOSPITAL_BIRTHS
            else matching.match_police(rows)
        )
        ReconciliationItem.objects.bulk_create(
            [ReconciliationItem(batch=batch, **draft) for draft in drafts],
            batch_size=1000,
        )
    return batch
