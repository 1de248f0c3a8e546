"""Data-quality findings from the nightly checks."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


@audited()
class DataQualityIssue(models.Model):
    class Kind(models.TextChoices):
        DUPLICATE_NUMBER = "duplicate_number", _("Duplicate ID number")
        TWO_HOUSEHOLDS = "two_households", _("Same person in two households")
        YOUNG_MOTHER = "young_mother", _("Mother younger than 15 at the birth")
        NO_HEAD = "no_head", _("Household without a head")
        DECEASED_RESIDENT = (
            "deceased_resident",
            _("Deceased person still marked resident"),
        )

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quality_issues",
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quality_issues",
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    first_seen_on = models.DateField(_("first seen"))
    last_seen_on = models.DateField(_("last seen"))
    resolved_on = models.DateField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("data-quality issue")
        verbose_name_plural = _("data-quality issues")
        ordering = ["resolved_on", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "person", "household"],
                condition=models.Q(resolved_on__isnull=True),
                nulls_distinct=False,
                name="one_open_issue_per_finding",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
