"""Cases (两非, staff misconduct, petitions), their numbers and their timeline."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited
from casework.workflow import (
    NUMBER_CODES,
    CloseReason,
    Kind,
    Outcome,
    Satisfaction,
    Status,
)


@audited()
class CaseCounter(models.Model):
    """The last number given per kind and year; locked while a case is created.

    The counter moves in the same transaction as the new case, so a failed creation
    gives its number back and the numbers stay gapless.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case counter")
        verbose_name_plural = _("case counters")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year"], name="casework_counter_kind_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}-{NUMBER_CODES[self.kind]}: {self.last}"


@audited(exclude=["reporter_encrypted"], model_name="CaseAudit")
class Case(models.Model):
    Kind = Kind
    Status = Status

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    number = models.CharField(_("case number"), max_length=30, unique=True)
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status)
    opened_on = models.DateField(_("opened on"))
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handlers"),
        blank=True,
        related_name="handled_cases",
    )
    # Sealed: encrypted with bureau.crypto, read only through services.reveal_reporter.
    reporter_encrypted = models.TextField(_("reporter (sealed)"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction, blank=True
    )
    close_reason = models.CharField(
        _("close reason"), max_length=20, choices=CloseReason, blank=True
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-year", "kind", "-serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "serial"], name="casework_case_serial"
            )
        ]
        permissions = [
            ("transition_case", "Can move a case to its next state"),
            ("reveal_reporter", "Can see a sealed reporter when handling the case"),
            ("approve_extension", "Can approve extending a petition's time limit"),
            ("approve_reward", "Can approve a reward to a case's reporter"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def has_sealed_reporter(self) -> bool:
        return bool(self.reporter_encrypted)


@audited(model_name="CaseEventAudit")
class CaseEvent(models.Model):
    """One line of a case's timeline: opened, moved, a note; attachments hang on it."""

    class Type(models.TextChoices):
        OPENED = "opened", _("Opened")
        TRANSITION = "transition", _("Moved")
        NOTE = "note", _("Note")
        HANDLERS = "handlers", _("Handlers changed")
        REPORTER_VIEWED = "reporter_viewed", _("Sealed reporter viewed")
        PARTY = "party", _("Party added")
        DECISION = "decision", _("Decision recorded")
        SERVICE = "service", _("Decision served")
        PAYMENT = "payment", _("Payment recorded")
        ITEM = "item", _("Seized item registered")
        DISPOSAL = "disposal", _("Seized item disposed of")
        REWARD = "reward", _("Reporter reward paid")
        EXTENSION_REQUESTED = "extension_requested", _("Extension requested")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="timeline"
    )
    type = models.CharField(_("type"), max_length=20, choices=Type)
    from_status = models.CharField(_("from"), max_length=30, choices=Status, blank=True)
    to_status = models.CharField(_("to"), max_length=30, choices=Status, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The day it happened (a decision's date, a payment's): may be before it was recorded.
    on = models.DateField(_("on"), default=timezone.localdate)
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_type_display()}"
