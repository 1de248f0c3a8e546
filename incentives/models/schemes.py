"""The scheme catalogue and its rate tables (amounts are data with effective dates)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


class SchemeKind(models.TextChoices):
    ONLY_CHILD_REWARD = (
        "only_child_reward",
        _("Only-child parents' reward (独生子女父母奖励)"),
    )
    RURAL_REWARD = "rural_reward", _("Rural reward and assistance (奖扶)")
    SPECIAL_ASSISTANCE = "special_assistance", _("Special assistance (特扶)")
    CHILDCARE = "childcare", _("Childcare subsidy (育儿补贴)")
    INSURANCE_SUBSIDY = "insurance_subsidy", _("Insurance contribution subsidy")
    HARDSHIP = "hardship", _("Hardship assistance")


class PayEvery(models.TextChoices):
    MONTH = "month", _("Monthly")
    YEAR = "year", _("Yearly")


@audited()
class Scheme(models.Model):
    Kind = SchemeKind
    PayEvery = PayEvery

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    public_label = models.CharField(
        _("label on the public notice"),
        max_length=100,
        help_text=_("Generic: no health detail (计划生育特别扶助, not 失独 or 伤残)."),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=SchemeKind)
    pay_every = models.CharField(
        _("paid"), max_length=5, choices=PayEvery, default=PayEvery.YEAR
    )
    notice_days = models.PositiveSmallIntegerField(
        _("public notice days"), default=7, validators=[MinValueValidator(1)]
    )
    notice_unit = models.CharField(
        _("notice days are"),
        max_length=8,
        choices=[("calendar", _("calendar days")), ("working", _("working days"))],
        default="calendar",
    )
    review_days = models.PositiveSmallIntegerField(
        _("working days allowed per review level"),
        default=30,
        validators=[MinValueValidator(1)],
    )
    parameters = models.JSONField(
        _("rule parameters"),
        default=dict,
        blank=True,
        help_text=_(
            'Ages and limits the eligibility rule reads, e.g. {"min_age": 60}.'
        ),
    )
    required_conditions = models.JSONField(
        _("conditions confirmed from documents"),
        default=list,
        blank=True,
        help_text=_("Codes of yes/no conditions a reviewer confirms from the papers."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


@audited()
class Rate(models.Model):
    """One line of a rate table: the national base or a local top-up, per category."""

    class Per(models.TextChoices):
        MONTH = "month", _("per month")
        YEAR = "year", _("per year")

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="rates"
    )
    category = models.CharField(
        _("category"), max_length=40, blank=True, help_text=_("Empty: every category.")
    )
    source = models.CharField(
        _("paid by"),
        max_length=40,
        default="national",
        help_text=_("national, city, county …"),
    )
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    per = models.CharField(_("per"), max_length=5, choices=Per)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)

    class Meta:
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        ordering = ["scheme", "category", "source", "effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="incentives_rate_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="incentives_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code} {self.category or '*'} {self.source} {self.amount}/{self.per}"
