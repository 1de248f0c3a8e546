"""Storing uploads privately, and a cheap row-count estimate for the progress bar."""

import hashlib
import re
import tempfile
import uuid
import zipfile
from io import BytesIO
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext

ALLOWED_EXTENSIONS = (".xlsx", ".xls", ".csv")
_CHUNK = 1024 * 1024
_SPOOL_BYTES = 8 * 1024 * 1024
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')


def clean_filename(filename: str) -> str:
    """The last path component of an uploaded name, at most 255 characters."""
    name = PurePath((filename or "").replace("\\", "/")).name.strip()
    return name[-255:]


def check_extension(filename: str) -> str:
    """The lower-case extension of `filename`; ValidationError unless it is importable."""
    extension = PurePath(filename).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            gettext(
                "%(name)s cannot be imported: upload an Excel workbook (.xlsx, .xls) "
                "or a CSV file (.csv)."
            )
            % {"name": filename or gettext("(no name)")},
            code="file_type",
        )
    return extension


def _too_large() -> ValidationError:
    return ValidationError(
        gettext(
            "The file is larger than %(limit)d MB. Split it into several files "
            "(for example one per township) and import them one by one."
        )
        % {"limit": settings.IMPORT_MAX_UPLOAD_MB},
        code="file_size",
    )


def spool_upload(file: IO[bytes]) -> tuple[File, str]:
    """Copy `file` into a temporary file, refusing it past IMPORT_MAX_UPLOAD_MB.

    Returns the copy (rewound, wrapped as a Django File) and its hex SHA-256.
    """
    limit = settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > limit:
        raise _too_large()
    digest = hashlib.sha256()
    copy = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
    chunks = (
        file.chunks(_CHUNK)
        if hasattr(file, "chunks")
        else iter(lambda: file.read(_CHUNK), b"")
    )
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            copy.close()
            raise _too_large()
        digest.update(chunk)
        copy.write(chunk)
    copy.seek(0)
    return File(copy), digest.hexdigest()


def stored_name(extension: str) -> str:
    """A random storage name: the user's file name is kept on the job, not on disk."""
    return f"{uuid.uuid4().hex}{extension}"


def estimate_rows(data: bytes, *, filename: str) -> int:
    """Roughly how many data rows the file holds (0 when unknown); used for progress only."""
    extension = PurePath(filename).suffix.lower()
    if extension == ".csv":
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        return max(lines - 1, 0)
    if extension == ".xlsx":
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = sorted(
                    n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")
                )
                if not names:
                    return 0
                with archive.open(names[0]) as sheet:
                    head = sheet.read(4096)
        except (zipfile.BadZipFile, KeyError, OSError):
            return 0
        match = _DIMENSION.search(head)
        return max(int(match.group(1)) - 1, 0) if match else 0
    return 0
