"""Background exports: a large export runs as a job; its file waits for the requester only."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Writing the file")
        READY = "ready", _("Ready to download")
        DOWNLOADED = "downloaded", _("Downloaded")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    # A random id: the link names no counter another user could step through.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(
        _("export"), max_length=50, help_text=_("The registered export source.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="export_jobs",
    )
    params = models.JSONField(
        _("request"), default=dict, help_text=_("The filters as requested.")
    )
    filters = models.JSONField(_("filters applied"), default=dict, blank=True)
    fmt = models.CharField(_("format"), max_length=4)
    unmasked = models.BooleanField(_("unmasked"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.QUEUED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    rows_expected = models.PositiveIntegerField(_("rows expected"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    as_of = models.DateTimeField(_("data as of"), null=True, blank=True)
    checksum = models.CharField(
        _("SHA-256 of the data file"), max_length=64, blank=True
    )
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", max_length=300)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    access_event = models.ForeignKey(
        "bureau.AccessEvent",
        verbose_name=_("access event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def is_waiting(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
