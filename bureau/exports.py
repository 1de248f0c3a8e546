"""The export pipeline: any list a user may see, to XLSX or CSV, masked, formula-safe, logged.

A view parses its filters, builds rows from a scoped `.values_list(...).iterator(chunk_size=…)`
(masked unless `ExportOptions.unmasked`), and hands them to `export_response`. That function

1. checks the rule again (`bureau.export_records`; unmasking also needs
   `bureau.unmask_personal_data` and a stated reason), so no view can forget it;
2. writes the file into an anonymous temporary file in constant memory — XLSX through
   XlsxWriter's constant_memory mode, CSV through `iter_csv` (UTF-8 with BOM) — every string
   cell neutralised against formula injection by `bureau.spreadsheets`; an XLSX carries a
   watermark line (who, when, masked or not) below the data;
3. logs one append-only access event with the manifest: filters, row count, SHA-256 of the file;
4. and only then streams the file to the browser with a FileResponse in 64 KiB blocks; the
   temporary file disappears when the response is closed.

Why the CSV is also spooled to a file rather than streamed straight from the cursor: access
events are append-only (a trigger refuses UPDATE), so the event must be written once, with the
final row count and checksum. Logging before streaming would need a separate COUNT(*) (which
can disagree with the rows actually sent) and could carry no checksum; logging after the stream
could be skipped by a client that disconnects. Spooling costs one pass over a local file and
keeps every export logged with an exact manifest before a single byte leaves the server.
"""

import hashlib
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from bureau.models import AccessEvent, User
from bureau.services import record_access
from bureau.spreadsheets import iter_csv, write_xlsx

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
EXPORT_PERMISSION = "bureau.export_records"
UNMASK_PERMISSION = "bureau.unmask_personal_data"
CHUNK_SIZE = 2000
RESPONSE_BLOCK = 64 * 1024
_TRUE = frozenset({"1", "true", "yes", "on"})


class ExportError(ValueError):
    """The export request is malformed (unknown format, unmasking without a reason)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ExportOptions:
    fmt: str = "xlsx"
    unmasked: bool = False
    reason: str = ""


def check_export_allowed(user: User, *, unmasked: bool, reason: str) -> None:
    """Raise PermissionDenied or ExportError unless `user` may run this export."""
    if not user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied(_("Your role may not export records."))
    if unmasked:
        if not user.has_perm(UNMASK_PERMISSION):
            raise PermissionDenied(_("Your role may not reveal masked personal data."))
        if not reason.strip():
            raise ExportError(
                _("State why the full numbers are needed to export them.")
            )


def read_options(params: QueryDict | Mapping[str, str], *, user: User) -> ExportOptions:
    """Parse `format`, `unmask` and `reason` from the request and check them for `user`.

    Masked is the default: full numbers need `unmask=1`, a reason, and the permission.
    """
    fmt = (params.get("format") or "xlsx").lower()
    if fmt not in FORMATS:
        raise ExportError(
            _("Unknown export format %(format)s; choose xlsx or csv.") % {"format": fmt}
        )
    unmasked = (params.get("unmask") or "").strip().lower() in _TRUE
    reason = (params.get("reason") or "").strip() if unmasked else ""
    check_export_allowed(user, unmasked=unmasked, reason=reason)
    return ExportOptions(fmt=fmt, unmasked=unmasked, reason=reason[:1000])


def watermark(user: User, *, unmasked: bool, at=None) -> str:
    """The line that says who exported the file and when (written into every XLSX)."""
    moment = timezone.localtime(at or timezone.now())
    return _("Exported by %(user)s (%(username)s) at %(at)s; %(masked)s.") % {
        "user": str(user),
        "username": user.username,
        "at": moment.strftime("%Y-%m-%d %H:%M:%S"),
        "masked": _("personal numbers unmasked")
        if unmasked
        else _("personal numbers masked"),
    }


class _Counted:
    """Wraps the rows so the pipeline knows how many were written (and reports progress)."""

    def __init__(
        self,
        rows: Iterable[Sequence[object]],
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.rows = rows
        self.count = 0
        self.progress = progress

    def __iter__(self) -> Iterator[Sequence[object]]:
        for row in self.rows:
            self.count += 1
            if self.progress is not None and self.count % CHUNK_SIZE == 0:
                self.progress(self.count)
            yield row


def _sha256(handle: IO[bytes]) -> str:
    handle.seek(0)
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    handle.seek(0)
    return digest.hexdigest()


def write_export(
    handle: IO[bytes],
    *,
    rows: Iterable[Sequence[object]],
    headers: Sequence[str],
    fmt: str,
    sheet_title: str = "Sheet1",
    footer: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write rows to an open binary file as XLSX or CSV and return the row count.

    `progress(rows_so_far)` is called every CHUNK_SIZE rows when given.
    """
    counted = _Counted(rows, progress)
    if fmt == "xlsx":
        write_xlsx(
            handle,
            headers=headers,
            rows=counted,
            sheet_title=sheet_title,
            footer=footer,
        )
    elif fmt == "csv":
        for chunk in iter_csv(headers=headers, rows=counted):
            handle.write(chunk)
    else:
        raise ExportError(_("Unknown export format %(format)s.") % {"format": fmt})
    handle.flush()
    return counted.count


def export_response(
    *,
    request: HttpRequest | None,
    user: User,
    rows: Iterable[Sequence[object]],
    headers: Sequence[str],
    options: ExportOptions,
    subject: str,
    filters: dict[str, Any],
    basename: str,
    sheet_title: str = "",
) -> FileResponse:
    """Write the export, log it (filters, row count, SHA-256), and return it as a download.

    `rows` must already be masked unless `options.unmasked`; they are consumed once.
    Raises PermissionDenied / ExportError before touching the rows if the user may not
    export (or unmask). The access event is written before the response exists: an export
    that could not be logged is never sent.
    """
    check_export_allowed(user, unmasked=options.unmasked, reason=options.reason)
    # Closed by FileResponse when the download ends (or below on failure).
    handle = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115
    try:
        count, checksum, _event = write_logged_export(
            handle,
            request=request,
            user=user,
            rows=rows,
            headers=headers,
            options=options,
            subject=subject,
            filters=filters,
            sheet_title=sheet_title or basename,
        )
    except BaseException:
        handle.close()
        raise
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{basename}-{stamp}.{options.fmt}",
        content_type=FORMATS[options.fmt],
    )
    response.block_size = RESPONSE_BLOCK
    response["Cache-Control"] = "no-store"
    response["X-Export-Rows"] = str(count)
    response["X-Export-SHA256"] = checksum
    return response


def write_logged_export(
    handle: IO[bytes],
    *,
    request: HttpRequest | None,
    user: User,
    rows: Iterable[Sequence[object]],
    headers: Sequence[str],
    options: ExportOptions,
    subject: str,
    filters: dict[str, Any],
    sheet_title: str,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, str, AccessEvent]:
    """Write the export into `handle`, then log it once: filters, final row count, SHA-256.

    Shared by the download in the request and the background job, so both write the
    same file and the same access event.
    """
    count = write_export(
        handle,
        rows=rows,
        headers=headers,
        fmt=options.fmt,
        sheet_title=sheet_title,
        footer=watermark(user, unmasked=options.unmasked),
        progress=progress,
    )
    checksum = _sha256(handle)
    event = record_access(
        request=request,
        user=user,
        kind=AccessEvent.Kind.EXPORT,
        subject=subject,
        reason=options.reason,
        filters={**filters, "format": options.fmt, "masked": not options.unmasked},
        row_count=count,
        checksum=checksum,
    )
    return count, checksum, event


def document_response(
    *,
    request: HttpRequest,
    write: Callable[[IO[bytes]], int],
    subject: str,
    object_id: Any,
    filename: str,
    reason: str,
    fmt: str = "xlsx",
) -> FileResponse:
    """Send a document built by `write` (it returns its row count), logged like any export.

    For files that are not a filtered list, such as an import's error report: the caller
    has already decided that the user may have it (the import's uploader, an auditor), so
    the export permission is not asked for. The access event names the object, the row
    count and the file's SHA-256, and is written before the response exists.
    """
    handle = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115
    try:
        count = write(handle)
        handle.flush()
        checksum = _sha256(handle)
        record_access(
            request=request,
            user=request.user,
            kind=AccessEvent.Kind.EXPORT,
            subject=subject,
            object_id=object_id,
            reason=reason,
            filters={"format": fmt},
            row_count=count,
            checksum=checksum,
        )
    except BaseException:
        handle.close()
        raise
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=FORMATS[fmt]
    )
    response.block_size = RESPONSE_BLOCK
    response["Cache-Control"] = "no-store"
    response["X-Export-Rows"] = str(count)
    response["X-Export-SHA256"] = checksum
    return response


@dataclass(frozen=True)
class ExportSource:
    """An export any app offers, so that the background job can rebuild its rows.

    `select(user, params)` returns the rows `user` may see narrowed by the request's
    filters (a QuerySet, scoped through a visible_* selector) and the filters applied,
    raising ExportError on a bad filter; `rows(selection, unmasked)` yields the
    (masked unless `unmasked`) row tuples in `headers` order.
    """

    kind: str
    subject: str
    basename: str
    headers: Sequence[str]
    select: Callable[[User, Mapping[str, str]], tuple[Any, dict[str, Any]]]
    rows: Callable[[Any, bool], Iterable[Sequence[object]]]
    permission: str = ""
    sheet_title: str = ""


_sources: dict[str, ExportSource] = {}
_discovered = False


def register_export_source(source: ExportSource) -> ExportSource:
    """Offer `source` under `source.kind`; apps call this in a module `<app>/exports.py`."""
    _sources[source.kind] = source
    return source


def get_export_source(kind: str) -> ExportSource:
    """The export registered under `kind`; KeyError if there is none."""
    global _discovered
    if not _discovered:
        autodiscover_modules("exports")
        _discovered = True
    return _sources[kind]


def export_or_queue(
    *,
    request: HttpRequest,
    source: ExportSource,
    params: Mapping[str, str],
    options: ExportOptions,
) -> HttpResponse:
    """Send the export now, or, above EXPORT_BACKGROUND_ROWS rows, start a background job.

    The background job writes the same file and access event (bureau.export_jobs); the
    user is sent to its page, which shows progress and, when ready, the download.
    """
    from django.shortcuts import redirect

    from bureau import export_jobs

    user = request.user
    if source.permission and not user.has_perm(source.permission):
        raise PermissionDenied
    selection, applied = source.select(user, params)
    expected = selection.count()
    if expected > settings.EXPORT_BACKGROUND_ROWS:
        job = export_jobs.start_export(
            by=user,
            source=source,
            params=params,
            options=options,
            rows_expected=expected,
        )
        return redirect("exports:detail", pk=job.pk)
    return export_response(
        request=request,
        user=user,
        rows=source.rows(selection, options.unmasked),
        headers=source.headers,
        options=options,
        subject=source.subject,
        filters=applied,
        basename=source.basename,
        sheet_title=source.sheet_title or source.basename,
    )
