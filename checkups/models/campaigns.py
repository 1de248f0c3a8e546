"""Campaigns (quarterly), their sites, and the catalogue of services a visit delivers."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


class Kind(models.TextChoices):
    REPRODUCTIVE_HEALTH = "reproductive_health", _("Reproductive-health check-up")
    PRE_PREGNANCY = "pre_pregnancy", _("Free pre-pregnancy health check")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Quarter(models.IntegerChoices):
    SPRING = 1, _("Spring (Q1)")
    SUMMER = 2, _("Summer (Q2)")
    AUTUMN = 3, _("Autumn (Q3)")
    WINTER = 4, _("Winter (Q4)")


# The target rule each kind implies (shown on the campaign page; applied by open_campaign).
TARGET_RULES = {
    Kind.REPRODUCTIVE_HEALTH: _(
        "Women aged 20–49 on the first day living in the participating townships "
        "(residents and those who moved in)."
    ),
    Kind.PRE_PREGNANCY: _(
        "Couples registered as planning a pregnancy in the participating townships, "
        "migrants included."
    ),
}


@audited()
class Campaign(models.Model):
    Kind = Kind
    Status = Status
    Quarter = Quarter

    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=Quarter)
    name = models.CharField(_("name"), max_length=120, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PLANNED
    )
    townships = models.ManyToManyField(
        "bureau.Township",
        verbose_name=_("participating townships"),
        related_name="checkup_campaigns",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    targets_generated_at = models.DateTimeField(
        _("target list last generated"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("check-up campaign")
        verbose_name_plural = _("check-up campaigns")
        ordering = ["-year", "-quarter", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "quarter"],
                name="checkups_one_campaign_a_quarter",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="checkups_campaign_ends_after_start",
            ),
        ]
        permissions = [
            ("run_campaign", "Can open, refresh and close check-up campaigns"),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.year} Q{self.quarter} {self.get_kind_display()}"

    @property
    def target_rule(self) -> str:
        return str(TARGET_RULES[Kind(self.kind)])


@audited()
class Site(models.Model):
    """Where a campaign examines people (a township health centre, a mobile point)."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="sites",
    )
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="checkup_sites",
    )

    class Meta:
        verbose_name = _("check-up site")
        verbose_name_plural = _("check-up sites")
        ordering = ["campaign_id", "township_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"], name="checkups_site_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ItemGroup(models.TextChoices):
    BASIC = "basic", _("Basic service")
    LAB = "lab", _("Laboratory test")
    VIRUS = "virus", _("Virus screening")
    IMAGING = "imaging", _("Imaging")
    EXAM = "exam", _("Examination")


@audited()
class ServiceItem(models.Model):
    """One item of the service catalogue, configurable in the admin.

    The 19 items of the free pre-pregnancy check and the reproductive-health items, with
    the sexes each applies to.
    """

    Group = ItemGroup

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    campaign_kind = models.CharField(_("campaign kind"), max_length=24, choices=Kind)
    group = models.CharField(_("group"), max_length=10, choices=ItemGroup)
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    for_women = models.BooleanField(_("applies to women"), default=True)
    for_men = models.BooleanField(_("applies to men"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["campaign_kind", "number", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_women=True) | Q(for_men=True),
                name="checkups_item_applies_to_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}" if self.number else self.name

    def applies_to(self, sex: str) -> bool:
        return self.for_women if sex == "F" else self.for_men
