"""Households (户): a number unique within its village, an address, a head."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


class HouseholdQuerySet(models.QuerySet):
    def active(self):
        return self.filter(dissolved_on__isnull=True)


@audited()
class Household(models.Model):
    number = models.CharField(_("household number"), max_length=30)
    village = models.ForeignKey(
        "bureau.Village",
        verbose_name=_("village or community"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    address = models.CharField(_("address"), max_length=200)
    grid_cell = models.CharField(
        _("grid cell"),
        max_length=50,
        blank=True,
        help_text=_("Urban communities only."),
    )
    grid_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("grid staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grid_households",
    )
    head = models.ForeignKey(
        "households.Person",
        verbose_name=_("head of household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised by every edit; stale edits are refused."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "number"], name="household_number_unique_in_village"
            )
        ]
        permissions = [("import_register", "Can import register spreadsheets")]

    def __str__(self) -> str:
        return f"{self.number} {self.address}"
