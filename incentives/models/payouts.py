"""Payout batches, their frozen lines, bank files and bank results."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited
from bureau.masking import mask_bank_account


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FROZEN = "frozen", _("Frozen")
    APPROVED = "approved", _("Approved")
    EXPORTED = "exported", _("Exported to the bank")
    RESULT_IMPORTED = "result_imported", _("Bank result imported")
    RECONCILED = "reconciled", _("Reconciled")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class LineStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent to the bank")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


# A line in one of these states holds the (person, scheme, period) slot.
LIVE_LINE = [LineStatus.PENDING, LineStatus.SENT, LineStatus.PAID]


@audited()
class PayoutBatch(models.Model):
    Status = BatchStatus

    scheme = models.ForeignKey(
        "incentives.Scheme", verbose_name=_("scheme"), on_delete=models.PROTECT
    )
    period = models.CharField(
        _("period"),
        max_length=7,
        help_text=_("2026-03 for monthly schemes, 2026 for yearly."),
    )
    follow_up_of = models.ForeignKey(
        "self",
        verbose_name=_("reissues failures of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BatchStatus, default=BatchStatus.DRAFT
    )
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    total_amount = models.DecimalField(
        _("total (yuan)"), max_digits=14, decimal_places=2, default=0
    )
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    bank_total = models.DecimalField(
        _("bank-reported total"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    reconciled_at = models.DateTimeField(_("reconciled"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        ordering = ["-period", "scheme", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "period"],
                condition=models.Q(follow_up_of__isnull=True)
                & ~models.Q(status="cancelled"),
                name="incentives_one_main_batch_per_period",
            )
        ]
        permissions = [("approve_payoutbatch", "Can approve a payout batch")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.period} #{self.pk}"


@audited()
class PayoutLine(models.Model):
    Status = LineStatus

    batch = models.ForeignKey(
        PayoutBatch,
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    # scheme and period repeat the batch's so the database can refuse a second payment.
    scheme = models.ForeignKey(
        "incentives.Scheme", verbose_name=_("scheme"), on_delete=models.PROTECT
    )
    period = models.CharField(_("period"), max_length=7)
    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="benefit_payout_lines",
    )
    entitlement = models.ForeignKey(
        "incentives.Entitlement",
        verbose_name=_("entitlement"),
        on_delete=models.PROTECT,
        related_name="lines",
    )
    village = models.ForeignKey(
        "bureau.Village", verbose_name=_("village"), on_delete=models.PROTECT
    )
    account = models.ForeignKey(
        "incentives.BankAccount",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    # Frozen snapshot: what the bank file says, whatever changes later.
    payee_name = models.CharField(_("payee"), max_length=100)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    account_number_encrypted = models.TextField(_("account (encrypted)"), blank=True)
    account_first6 = models.CharField(max_length=6, blank=True)
    account_last4 = models.CharField(max_length=4, blank=True)
    account_length = models.PositiveSmallIntegerField(default=0)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=LineStatus, default=LineStatus.PENDING
    )
    failure_reason = models.CharField(_("bank's reason"), max_length=200, blank=True)
    paid_amount = models.DecimalField(
        _("paid (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reissue_of = models.OneToOneField(
        "self",
        verbose_name=_("reissue of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reissued_as",
    )

    class Meta:
        verbose_name = _("payout line")
        verbose_name_plural = _("payout lines")
        ordering = ["batch", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "scheme", "period"],
                condition=models.Q(status__in=LIVE_LINE),
                name="incentives_one_live_line_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="incentives_line_amount_positive"
            ),
        ]
        indexes = [models.Index(fields=["batch", "status"])]

    def __str__(self) -> str:
        return f"{self.payee_name} {self.amount}"

    @property
    def masked_account(self) -> str:
        if not self.account_last4:
            return ""
        hidden = "0" * max(self.account_length - 10, 0)
        return mask_bank_account(f"{self.account_first6}{hidden}{self.account_last4}")


@audited()
class BankFileLayout(models.Model):
    """The column layout a bank expects; operators edit it in the admin."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Encoding(models.TextChoices):
        UTF8 = "utf-8", "UTF-8"
        GBK = "gbk", "GBK"

    name = models.CharField(_("name"), max_length=100, unique=True)
    file_format = models.CharField(
        _("format"), max_length=4, choices=Format, default=Format.CSV
    )
    encoding = models.CharField(
        _("encoding"), max_length=6, choices=Encoding, default=Encoding.GBK
    )
    columns = models.JSONField(
        _("columns"),
        help_text=_(
            '[["序号", "line"], ["户名", "payee_name"], ["账号", "account"], …]'
        ),
    )
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("bank file layout")
        verbose_name_plural = _("bank file layouts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@audited()
class BankFile(models.Model):
    """The file sent to the bank, kept byte for byte with its checksum."""

    batch = models.OneToOneField(
        PayoutBatch,
        verbose_name=_("batch"),
        on_delete=models.PROTECT,
        related_name="bank_file",
    )
    layout = models.ForeignKey(
        BankFileLayout, verbose_name=_("layout"), on_delete=models.PROTECT
    )
    file_format = models.CharField(_("format"), max_length=4)
    encoding = models.CharField(_("encoding"), max_length=6)
    content = models.BinaryField(_("content"))
    checksum = models.CharField(_("SHA-256"), max_length=64)
    row_count = models.PositiveIntegerField(_("rows"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        on_delete=models.PROTECT,
    )
    created_at = models.DateTimeField(_("exported"), auto_now_add=True)

    class Meta:
        verbose_name = _("bank file")
        verbose_name_plural = _("bank files")

    def __str__(self) -> str:
        return f"{self.batch} {self.checksum[:12]}"


@audited()
class BankResultFlag(models.Model):
    """A row of the bank's result file that needs a person: duplicate, unknown, mismatch."""

    class Kind(models.TextChoices):
        DUPLICATE_DEBIT = "duplicate", _("Duplicate debit")
        UNKNOWN_LINE = "unknown", _("Unknown line")
        AMOUNT_MISMATCH = "mismatch", _("Amount mismatch")
        MISSING = "missing", _("Line missing from the result")

    batch = models.ForeignKey(
        PayoutBatch,
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        related_name="flags",
    )
    line = models.ForeignKey(
        PayoutLine,
        verbose_name=_("line"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    row_number = models.PositiveIntegerField(_("row"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300)
    amount = models.DecimalField(
        _("amount in the bank file"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution = models.CharField(_("resolution"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bank result flag")
        verbose_name_plural = _("bank result flags")
        ordering = ["batch", "row_number", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.detail}"


@audited()
class IdempotentRequest(models.Model):
    """A stored API response: a repeat with the same Idempotency-Key gets it back."""

    key = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    request_digest = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    # Text, not jsonb: jsonb reorders keys and the replay must be byte-identical.
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="incentives_idempotency_key"
            )
        ]

    def __str__(self) -> str:
        return self.key
