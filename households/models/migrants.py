"""Migrants (流动人口): inflow and outflow records, and county service agreements."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited

county_code = RegexValidator(r"^\d{6}$", _("A county code has 6 digits."))


@audited()
class MigrantRecord(models.Model):
    class Direction(models.TextChoices):
        INFLOW = "inflow", _("Moved in (流入)")
        OUTFLOW = "outflow", _("Moved away (流出)")

    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="migrant_records",
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction)
    county_code = models.CharField(
        _("county of origin or destination"), max_length=6, validators=[county_code]
    )
    county_name = models.CharField(_("county name"), max_length=100, blank=True)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    workplace = models.CharField(_("workplace"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("migrant record")
        verbose_name_plural = _("migrant records")
        ordering = ["-since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True)
                | models.Q(until__gte=models.F("since")),
                name="migrant_record_until_after_since",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_direction_display()} {self.county_code}"


@audited()
class CountyAgreement(models.Model):
    """A bilateral agreement to serve each other's migrants."""

    county_code = models.CharField(
        _("county code"), max_length=6, unique=True, validators=[county_code]
    )
    county_name = models.CharField(_("county name"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    services = models.TextField(_("services covered"), blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("county agreement")
        verbose_name_plural = _("county agreements")
        ordering = ["county_code"]

    def __str__(self) -> str:
        return f"{self.county_name} ({self.county_code})"
