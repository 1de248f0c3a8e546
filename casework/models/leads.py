"""Leads (线索) of 两非 cases and the rewards paid to their reporters.

The reporter's identity is the case's sealed reporter (`Case.reporter_encrypted`); a lead
and a reward never carry it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited
from casework.models.cases import Case

MONEY = {"max_digits": 12, "decimal_places": 2}


@audited(model_name="LeadAudit")
class Lead(models.Model):
    """Where a 两非 case came from and when; one per case, opened with it."""

    class Source(models.TextChoices):
        HOTLINE = "hotline", _("Reward hotline (举报电话)")
        LETTER = "letter", _("Letter")
        ONLINE = "online", _("Online report")
        VISIT = "visit", _("Visit in person")
        INSPECTION = "inspection", _("Inspection")
        POLICE = "police", _("Referred by the police")
        MARKET_REGULATION = "market_regulation", _("Referred by market regulation")
        HIGHER_AUTHORITY = "higher_authority", _("Assigned by a higher authority")
        PETITION = "petition", _("Petition")

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="lead"
    )
    source = models.CharField(_("source"), max_length=30, choices=Source)
    received_at = models.DateTimeField(_("received at"))
    # A lead from a petition points at the petition case it came from.
    petition = models.ForeignKey(
        Case,
        verbose_name=_("from petition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads_raised",
    )
    reference = models.CharField(
        _("referral or letter reference"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-received_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_source_display()}"


@audited(model_name="ReporterRewardAudit")
class ReporterReward(models.Model):
    """A reward paid to the sealed reporter of a case (举报奖励), approved by the bureau."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="rewards"
    )
    amount = models.DecimalField(
        _("amount (yuan)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    paid_on = models.DateField(_("paid on"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporter reward")
        verbose_name_plural = _("reporter rewards")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} ¥{self.amount}"
