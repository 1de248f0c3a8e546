"""Attachments: files on any row, checked by content, stored privately, downloads logged.

`attach_file` is the one way a file is attached. It accepts PDF, JPEG, PNG, XLSX and DOCX
and decides the type from the bytes, never from the name or the browser's MIME type: an
executable renamed `.pdf` is refused, so is a PNG renamed `.pdf`, a macro workbook, or a
ZIP whose contents unpack far beyond the size limit. The user's file name is kept on the
row; the file itself is stored under PRIVATE_MEDIA_ROOT with a random name and is only ever
sent by `attachment_response`, which goes through the township rule and logs the download.
"""

import hashlib
import tempfile
import uuid
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from bureau import scoping
from bureau.imports.files import clean_filename
from bureau.models import AccessEvent, Township, User
from bureau.models.attachments import Attachment, FileKind
from bureau.services import record_access

VIEW_PERMISSION = "bureau.view_attachment"
ADD_PERMISSION = "bureau.add_attachment"
EXTENSIONS = {
    FileKind.PDF: (".pdf",),
    FileKind.JPEG: (".jpg", ".jpeg"),
    FileKind.PNG: (".png",),
    FileKind.XLSX: (".xlsx",),
    FileKind.DOCX: (".docx",),
}
ACCEPT = ",".join(ext for group in EXTENSIONS.values() for ext in group)
_CHUNK = 1024 * 1024
_SPOOL_BYTES = 4 * 1024 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_ZIP = b"PK\x03\x04"
# Office files with macros are refused even when renamed to .xlsx/.docx.
_MACROS = ("vbaProject.bin", "vbaData.xml")
_MAX_ZIP_ENTRIES = 10_000


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_MB * 1024 * 1024


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _office_kind(handle: IO[bytes], *, name: str) -> str | None:
    """xlsx or docx when the ZIP is a macro-free OOXML package of sane unpacked size."""
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    names = {entry.filename for entry in entries}
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > _MAX_ZIP_ENTRIES or unpacked > max_bytes() * 10:
        raise _refuse(
            _("%(name)s unpacks to far more than its size and is refused.")
            % {"name": name},
            "zip_bomb",
        )
    if "[Content_Types].xml" not in names:
        return None
    if any(entry.rsplit("/", 1)[-1] in _MACROS for entry in names):
        raise _refuse(
            _("%(name)s contains macros; save it without macros and upload it again.")
            % {"name": name},
            "macros",
        )
    if "xl/workbook.xml" in names:
        return FileKind.XLSX
    if "word/document.xml" in names:
        return FileKind.DOCX
    return None


def detect_kind(handle: IO[bytes], *, name: str = "") -> str | None:
    """The FileKind the bytes of `handle` are, or None when they are none we accept."""
    handle.seek(0)
    head = handle.read(8)
    kind: str | None = None
    if head.startswith(b"%PDF-"):
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(size - 2048, 0))
        # A PDF ends with %%EOF; a truncated or disguised one does not.
        kind = FileKind.PDF if b"%%EOF" in handle.read() else None
    elif head.startswith(_PNG):
        kind = FileKind.PNG
    elif head.startswith(_JPEG):
        kind = FileKind.JPEG
    elif head.startswith(_ZIP):
        handle.seek(0)
        kind = _office_kind(handle, name=name)
    handle.seek(0)
    return kind


def _spool(file: IO[bytes], *, name: str) -> tuple[File, str, int]:
    """A private temporary copy of the upload, its SHA-256 and size; refused past the limit."""
    limit = max_bytes()
    too_large = _refuse(
        _("%(name)s is larger than %(limit)d MB.")
        % {"name": name, "limit": settings.ATTACHMENT_MAX_MB},
        "file_size",
    )
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > limit:
        raise too_large
    copy = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
    digest = hashlib.sha256()
    total = 0
    chunks: Iterable[bytes] = (
        file.chunks(_CHUNK)
        if hasattr(file, "chunks")
        else iter(lambda: file.read(_CHUNK), b"")
    )
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            copy.close()
            raise too_large
        digest.update(chunk)
        copy.write(chunk)
    copy.seek(0)
    return File(copy), digest.hexdigest(), total


def check_file(handle: IO[bytes], *, name: str) -> str:
    """The kind of an uploaded file; ValidationError naming the file when it is refused."""
    kind = detect_kind(handle, name=name)
    if kind is None:
        raise _refuse(
            _(
                "%(name)s is not a PDF, JPEG, PNG, XLSX or DOCX file (its content was "
                "checked, not its name) and cannot be attached."
            )
            % {"name": name},
            "file_type",
        )
    if not name.lower().endswith(EXTENSIONS[kind]):
        raise _refuse(
            _(
                "%(name)s is a %(kind)s file but its name says otherwise; rename it "
                "to end in %(extension)s and upload it again."
            )
            % {
                "name": name,
                "kind": FileKind(kind).label,
                "extension": EXTENSIONS[kind][0],
            },
            "file_name",
        )
    return kind


@transaction.atomic
def attach_file(
    *,
    by: User,
    to: models.Model,
    township: Township | str,
    file: IO[bytes],
    filename: str,
    description: str = "",
) -> Attachment:
    """Attach an uploaded file to the row `to`, which belongs to `township`.

    Refuses with a ValidationError naming the file: empty files, files over
    ATTACHMENT_MAX_MB, and any content that is not PDF, JPEG, PNG or macro-free
    XLSX/DOCX with a matching extension. PermissionDenied when `by` may not attach
    files or does not serve `township`. Nothing is stored unless all checks pass.
    """
    township_code = township.pk if isinstance(township, Township) else township
    if not by.has_perm(ADD_PERMISSION) or not (
        scoping.townships_for(by).filter(pk=township_code).exists()
    ):
        raise PermissionDenied(_("You may not attach files to this record."))
    name = clean_filename(filename) or _("(no name)")
    copy, sha256, size = _spool(file, name=name)
    with copy:
        if size == 0:
            raise _refuse(_("%(name)s is empty.") % {"name": name}, "empty")
        kind = check_file(copy, name=name)
        attachment = Attachment(
            content_type=ContentType.objects.get_for_model(to),
            object_id=str(to.pk),
            township_id=township_code,
            original_name=name,
            kind=kind,
            size=size,
            sha256=sha256,
            description=description.strip()[:200],
            uploaded_by=by,
        )
        attachment.file.save(
            f"{uuid.uuid4().hex}{EXTENSIONS[kind][0]}", copy, save=False
        )
    # A failed insert must not leave the stored file behind.
    try:
        attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


def visible_attachments(user: Any) -> QuerySet[Attachment]:
    """Attachments of the townships `user` may see (none without the view permission)."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm(
        VIEW_PERMISSION
    ):
        return Attachment.objects.none()
    return scoping.within_townships(
        Attachment.objects.select_related("uploaded_by"), user, via="township"
    )


def attachments_of(user: Any, obj: models.Model) -> QuerySet[Attachment]:
    """The attachments of the row `obj` that `user` may see, oldest first."""
    return visible_attachments(user).filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def attachment_response(
    *, request: HttpRequest | None, user: User, pk: int
) -> FileResponse:
    """The file as a download for `user`: 404 outside their townships; logged first."""
    attachment = get_object_or_404(visible_attachments(user), pk=pk)
    handle = attachment.file.open("rb")
    try:
        record_access(
            request=request,
            user=user,
            kind=AccessEvent.Kind.DOWNLOAD,
            subject="bureau.attachment",
            object_id=attachment.pk,
            filters={
                "attached_to": f"{attachment.content_type.app_label}."
                f"{attachment.content_type.model}:{attachment.object_id}",
                "name": attachment.original_name,
            },
            checksum=attachment.sha256,
        )
    except BaseException:
        handle.close()
        raise
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_mime,
    )
    response["Cache-Control"] = "no-store"
    # Never rendered in our origin, whatever the file holds.
    response["Content-Security-Policy"] = "sandbox"
    return response
