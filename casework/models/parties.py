"""Parties to a 两非 case: providers, practitioners, and their link to the case.

Only providers and practitioners are parties. The pregnant woman is never a party, and
nothing here refers to a person of the register or to any health record.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited
from bureau.masking import mask_id_number
from casework.models.cases import Case
from casework.models.credit_code import credit_code_validator


@audited(model_name="ProviderAudit")
class Provider(models.Model):
    """A clinic, practitioner's practice, unlicensed site, intermediary or online seller."""

    class Kind(models.TextChoices):
        LICENSED_INSTITUTION = "licensed_institution", _("Licensed institution")
        INDIVIDUAL_PRACTITIONER = (
            "individual_practitioner",
            _("Individual practitioner"),
        )
        UNLICENSED_SITE = "unlicensed_site", _("Unlicensed site")
        INTERMEDIARY = "intermediary", _("Intermediary")
        ONLINE_SELLER = "online_seller", _("Online seller")
        OTHER = "other", _("Other")

    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="providers",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    # Unlicensed sites and most intermediaries have no code: NULL, unique when given.
    credit_code = models.CharField(  # noqa: DJ001 - NULL keeps the unique rule off blanks
        _("unified social credit code"),
        max_length=18,
        null=True,
        blank=True,
        validators=[credit_code_validator],
    )
    licence_number = models.CharField(
        _("practice licence number"), max_length=60, blank=True
    )
    licence_authority = models.CharField(
        _("licence issued by"), max_length=100, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=Q(credit_code__isnull=False),
                name="casework_provider_credit_code",
            )
        ]

    def __str__(self) -> str:
        return self.name


@audited(exclude=["id_number_encrypted"], model_name="PractitionerAudit")
class Practitioner(models.Model):
    """A doctor, sonographer or other person who acted for a provider or alone."""

    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="practitioners",
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practitioners",
    )
    name = models.CharField(_("name"), max_length=60)
    # The identity number is encrypted; the keyed digest finds the same person again.
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), blank=True)
    id_number_digest = models.CharField(
        _("ID number digest"), max_length=64, blank=True, db_index=True
    )
    id_prefix = models.CharField(_("ID number start"), max_length=6, blank=True)
    id_last4 = models.CharField(_("ID number end"), max_length=4, blank=True)
    licence_number = models.CharField(
        _("practising certificate number"), max_length=60, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        if not self.id_last4:
            return ""
        return mask_id_number(f"{self.id_prefix}{'0' * 8}{self.id_last4}")


@audited(model_name="CasePartyAudit")
class CaseParty(models.Model):
    """A provider or a practitioner named in a case, as the party or as related to it."""

    class Role(models.TextChoices):
        RESPONDENT = "respondent", _("Party (当事人)")
        RELATED = "related", _("Related (相关单位或人员)")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="parties"
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_links",
    )
    practitioner = models.ForeignKey(
        Practitioner,
        verbose_name=_("practitioner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_links",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role, default=Role.RESPONDENT
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case party")
        verbose_name_plural = _("case parties")
        ordering = ["case", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(provider__isnull=False, practitioner__isnull=True)
                | Q(provider__isnull=True, practitioner__isnull=False),
                name="casework_party_one_of",
            ),
            models.UniqueConstraint(
                fields=["case", "provider"],
                condition=Q(provider__isnull=False),
                name="casework_party_provider_once",
            ),
            models.UniqueConstraint(
                fields=["case", "practitioner"],
                condition=Q(practitioner__isnull=False),
                name="casework_party_practitioner_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.provider or self.practitioner}"

    @property
    def party(self) -> Provider | Practitioner:
        return self.provider or self.practitioner
