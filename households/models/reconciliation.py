"""Files shared by the health and police departments, and the differences they reveal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


@audited()
class SourceBatch(models.Model):
    class Source(models.TextChoices):
        HOSPITAL_BIRTHS = "hospital", _("Hospital birth registry")
        POLICE_EVENTS = "police", _("Police household registry")

    source = models.CharField(_("source"), max_length=10, choices=Source)
    filename = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("shared source file")
        verbose_name_plural = _("shared source files")
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "sha256"], name="source_file_imported_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.filename}"


@audited()
class ReconciliationItem(models.Model):
    """One difference between a shared file and the register, waiting for a person to decide."""

    class Kind(models.TextChoices):
        MISSING_FROM_REGISTER = "missing_register", _("Missing from the register")
        MISSING_FROM_SOURCE = "missing_source", _("Missing from the source")
        FACTS_DIFFER = "facts_differ", _("Facts differ")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    batch = models.ForeignKey(
        SourceBatch,
        verbose_name=_("source file"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Empty when the record could not be placed; the bureau sees those."
        ),
    )
    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reconciliation_items",
    )
    source_row = models.PositiveIntegerField(_("row in file"))
    source_facts = models.JSONField(
        _("facts in the source"), help_text=_("ID numbers encrypted.")
    )
    differences = models.JSONField(_("differences"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    correction = models.ForeignKey(
        "households.Correction",
        verbose_name=_("correction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reconciliation item")
        verbose_name_plural = _("reconciliation queue")
        ordering = ["status", "-pk"]
        permissions = [
            ("place_reconciliationitem", "Can place an unplaced item in a township")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.source_row}"
