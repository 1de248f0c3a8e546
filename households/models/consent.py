"""Consent for voluntary services and data processing (PIPL arts. 14-15, 28-29, 31).

The register, benefits and enforcement rest on statutory duty (art. 13(3)) and need no
consent; voluntary services do, and health data needs a separate consent. A row records
one consent of one person for one purpose: the version of the text shown, when and how it
was given (a signed paper form scanned as an attachment, or in person before staff), and,
once withdrawn, when. Withdrawal never deletes the row: the record of what was allowed
when is itself evidence.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


class Purpose(models.TextChoices):
    PREPREGNANCY_CHECKUP = (
        "prepregnancy_checkup",
        _("Free pre-pregnancy health check-up (免费孕前优生健康检查)"),
    )
    HEALTH_DATA = "health_data", _("Processing of health data (separate consent)")
    COUNSELLING = "counselling", _("Counselling and family services")
    CONTACT = "contact", _("Optional contact details and service reminders")


class Method(models.TextChoices):
    PAPER = "paper", _("Signed paper form (scanned)")
    IN_PERSON = "in_person", _("In person, recorded by staff")


@audited()
class Consent(models.Model):
    Purpose = Purpose
    Method = Method

    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose)
    text_version = models.CharField(
        _("version of the text shown"),
        max_length=50,
        help_text=_("e.g. 2026-01: the consent text the person read and agreed to."),
    )
    scope = models.TextField(_("scope"), blank=True)
    given_at = models.DateTimeField(_("given at"))
    method = models.CharField(_("given how"), max_length=10, choices=Method)
    guardian_name = models.CharField(
        _("guardian"),
        max_length=100,
        blank=True,
        help_text=_("For a child under 14 the guardian gives the consent (art. 31)."),
    )
    scan = models.ForeignKey(
        "bureau.Attachment",
        verbose_name=_("scan of the signed form"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_note = models.TextField(_("withdrawal note"), blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_purpose",
            ),
            models.CheckConstraint(
                condition=Q(method=Method.IN_PERSON) | Q(scan__isnull=False),
                name="paper_consent_has_scan",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | Q(withdrawn_at__gte=F("given_at")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
