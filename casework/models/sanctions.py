"""The sanctions ledger of a 两非 case: its decision, penalties, payments and seized items."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited
from casework.models.cases import Case

MONEY = {"max_digits": 12, "decimal_places": 2}
POSITIVE = [MinValueValidator(Decimal("0.01"))]


@audited(model_name="DecisionAudit")
class Decision(models.Model):
    """The administrative penalty decision (行政处罚决定) of a case, and its service."""

    class Outcome(models.TextChoices):
        PENALTY = "penalty", _("Penalty imposed")
        MINOR = "minor", _("No penalty: minor and corrected")
        NOT_ESTABLISHED = "not_established", _("No penalty: facts not established")
        REFERRED = "referred", _("Referred to the judicial organs")

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)
    decided_on = models.DateField(_("decided on"))
    served_on = models.DateField(_("served on"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    grounds = models.TextField(_("facts and grounds"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_outcome_display()}"


@audited(model_name="PenaltyAudit")
class Penalty(models.Model):
    """One penalty of a decision; fines and confiscated income carry an amount in yuan."""

    class Type(models.TextChoices):
        WARNING = "warning", _("Warning")
        FINE = "fine", _("Fine")
        CONFISCATED_INCOME = "confiscated_income", _("Confiscation of illegal income")
        CONFISCATED_ITEMS = (
            "confiscated_items",
            _("Confiscation of equipment and drugs"),
        )
        LICENCE_REVOKED = "licence_revoked", _("Licence revoked")
        CRIMINAL_REFERRAL = "criminal_referral", _("Criminal referral")
        DISCIPLINE_REFERRAL = "discipline_referral", _("Discipline referral")

    # Types that are paid, so have an amount, a due date, payments and a surcharge.
    PAID_TYPES = frozenset({Type.FINE, Type.CONFISCATED_INCOME})

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="penalties",
    )
    type = models.CharField(_("type"), max_length=30, choices=Type)
    amount = models.DecimalField(
        _("amount (yuan)"), **MONEY, null=True, blank=True, validators=POSITIVE
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("penalty")
        verbose_name_plural = _("penalties")
        ordering = ["decision", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="casework_penalty_amount_positive",
            )
        ]

    def __str__(self) -> str:
        amount = f" ¥{self.amount}" if self.amount is not None else ""
        return f"{self.get_type_display()}{amount}"

    @property
    def is_paid_type(self) -> bool:
        return self.type in self.PAID_TYPES


@audited(model_name="FinePaymentAudit")
class FinePayment(models.Model):
    """Money received for a fine or confiscated income (paid at the designated bank)."""

    penalty = models.ForeignKey(
        Penalty,
        verbose_name=_("penalty"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY, validators=POSITIVE)
    receipt_number = models.CharField(_("receipt number"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fine payment")
        verbose_name_plural = _("fine payments")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="casework_payment_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} ¥{self.amount}"


@audited(model_name="SeizedItemAudit")
class SeizedItem(models.Model):
    """An item held or confiscated in a case (物品清单), under seal until disposed of."""

    class Type(models.TextChoices):
        ULTRASOUND = "ultrasound", _("Ultrasound machine (B超)")
        EQUIPMENT = "equipment", _("Other equipment")
        DRUGS = "drugs", _("Drugs")
        OTHER = "other", _("Other")

    class Disposal(models.TextChoices):
        HELD = "held", _("Held under seal")
        RETURNED = "returned", _("Returned")
        DESTROYED = "destroyed", _("Destroyed")
        AUCTIONED = "auctioned", _("Auctioned")
        HANDED_OVER = "handed_over", _("Handed over")

    EQUIPMENT_TYPES = frozenset({Type.ULTRASOUND, Type.EQUIPMENT})

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="seized_items",
    )
    type = models.CharField(_("type"), max_length=20, choices=Type)
    description = models.CharField(_("model or description"), max_length=200)
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1)]
    )
    unit = models.CharField(_("unit"), max_length=10, default="台")
    seal_number = models.CharField(_("seal number"), max_length=60, blank=True)
    storage = models.CharField(_("stored at"), max_length=200, blank=True)
    seized_on = models.DateField(_("seized on"))
    disposal = models.CharField(
        _("disposal"), max_length=20, choices=Disposal, default=Disposal.HELD
    )
    disposed_on = models.DateField(_("disposed of on"), null=True, blank=True)
    disposal_note = models.CharField(_("disposal note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("seized item")
        verbose_name_plural = _("seized items")
        ordering = ["case", "seized_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="casework_item_quantity_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.description} ×{self.quantity}"
