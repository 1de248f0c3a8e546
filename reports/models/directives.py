"""Monthly directives (月指令): items with targets and scoring rules, issued to townships."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


@audited()
class Directive(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        PUBLISHED = "published", _("Published")

    month = models.DateField(
        _("month"), unique=True, help_text=_("The first day of the month scored.")
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    small_denominator = models.PositiveIntegerField(
        _("smallest denominator"),
        default=20,
        help_text=_(
            "A rate over fewer cases is left out for that township and the other "
            "items are re-weighted."
        ),
    )
    yellow_card_below = models.DecimalField(
        _("yellow card below"), max_digits=7, decimal_places=2, default=60
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("monthly directive")
        verbose_name_plural = _("monthly directives")
        ordering = ["-month"]
        permissions = [
            ("publish_directive", "Can approve and publish a month's ranking"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.title}"


@audited()
class DirectiveItem(models.Model):
    class Kind(models.TextChoices):
        INDICATOR = "indicator", _("Indicator")
        TASK = "task", _("Manual task")

    class Rule(models.TextChoices):
        THRESHOLD = "threshold", _("Threshold with linear deduction")
        BANDED = "banded", _("Banded")
        PER_INCIDENT = "per_incident", _("Per-incident deduction")
        TASK = "task", _("Done by the due date")

    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    indicator_code = models.CharField(_("indicator"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    weight = models.DecimalField(
        _("weight"),
        max_digits=7,
        decimal_places=2,
        help_text=_("The item's maximum points."),
    )
    rule = models.CharField(_("scoring rule"), max_length=12, choices=Rule)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    step = models.DecimalField(
        _("step"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Threshold rule: the shortfall that costs one deduction."),
    )
    deduction = models.DecimalField(
        _("deduction"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Points off per step (threshold) or per incident."),
    )
    bands = models.JSONField(
        _("bands"),
        default=list,
        blank=True,
        help_text=_("Banded rule: [bound, points] pairs."),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)

    class Meta:
        verbose_name = _("directive item")
        verbose_name_plural = _("directive items")
        ordering = ["directive", "position", "pk"]

    def __str__(self) -> str:
        return self.title


@audited()
class Receipt(models.Model):
    """A township's copy of an issued directive and its sign-off (签收)."""

    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        on_delete=models.CASCADE,
        related_name="receipts",
    )
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("directive receipt")
        verbose_name_plural = _("directive receipts")
        ordering = ["directive", "township"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "township"], name="one_receipt_per_township"
            )
        ]
        permissions = [("sign_receipt", "Can sign for a directive (签收)")]

    def __str__(self) -> str:
        return f"{self.directive} · {self.township}"


@audited()
class LedgerEntry(models.Model):
    """A manual task a township owes (挂账), crossed off with evidence (销号)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    item = models.ForeignKey(
        DirectiveItem,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="ledger",
    )
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN
    )
    evidence = models.TextField(_("evidence"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("township ledger")
        ordering = ["status", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "township"], name="one_ledger_entry_per_township"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.township}"

    @property
    def done_on_time(self) -> bool:
        return (
            self.status == self.Status.CLOSED
            and self.closed_at is not None
            and timezone.localdate(self.closed_at) <= self.due_on
        )
