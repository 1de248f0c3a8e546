"""Files attached to any row (case events, visits, applications, consent scans, ledger items).

The file lives in private storage under PRIVATE_MEDIA_ROOT with a random name; the name the
user gave is kept on the row. The township is stored on the attachment itself so that the
township rule applies without knowing which app the attached row belongs to.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    DOCX = "docx", _("Word document (DOCX)")


@audited()
class Attachment(models.Model):
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("attached to (type)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.CharField(_("attached to (record)"), max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=8, choices=FileKind)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_mime(self) -> str:
        return MIME_TYPES[self.kind]


MIME_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
