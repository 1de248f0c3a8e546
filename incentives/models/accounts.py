"""Payout bank accounts: encrypted at rest, masked on display, history kept."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited
from bureau.masking import mask_bank_account


@audited()
class BankAccount(models.Model):
    class AccountType(models.TextChoices):
        DEBIT_CARD = "debit_card", _("Debit card")
        SOCIAL_SECURITY = "social_security", _("Social security card account")
        PASSBOOK = "passbook", _("Passbook")
        OTHER = "other", _("Other")

    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("account holder"),
        on_delete=models.PROTECT,
        related_name="benefit_accounts",
    )
    scheme = models.ForeignKey(
        "incentives.Scheme", verbose_name=_("scheme"), on_delete=models.PROTECT
    )
    account_type = models.CharField(
        _("account type"),
        max_length=16,
        choices=AccountType,
        default=AccountType.DEBIT_CARD,
    )
    bank_name = models.CharField(_("bank"), max_length=100)
    branch = models.CharField(_("opening branch"), max_length=100, blank=True)
    cnaps_code = models.CharField(_("CNAPS code"), max_length=12, blank=True)
    holder_name = models.CharField(_("name on the account"), max_length=100)
    number_encrypted = models.TextField(_("account number (encrypted)"))
    number_hash = models.CharField(
        _("account lookup hash"), max_length=64, db_index=True
    )
    number_first6 = models.CharField(_("first 6"), max_length=6)
    number_last4 = models.CharField(_("last 4"), max_length=4)
    number_length = models.PositiveSmallIntegerField(_("digits"))
    luhn_warning = models.BooleanField(
        _("fails the Luhn check"),
        default=False,
        help_text=_("Only a warning: some working Chinese cards fail it."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    closed_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "scheme"],
                condition=models.Q(is_active=True),
                name="incentives_one_active_account",
            )
        ]
        permissions = [("reveal_bankaccount", "Can reveal a full account number")]

    def __str__(self) -> str:
        return f"{self.bank_name} {self.masked_number}"

    @property
    def masked_number(self) -> str:
        """622202******1234: first 6, stars, last 4."""
        hidden = "0" * max(self.number_length - 10, 0)
        return mask_bank_account(f"{self.number_first6}{hidden}{self.number_last4}")
