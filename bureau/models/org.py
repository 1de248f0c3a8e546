"""Org units: townships (镇/街道) and villages (村/社区), by statistical division code."""

import re

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited

DIVISION_CODE = re.compile(r"^\d{12}$")


class OrgUnitQuerySet(models.QuerySet):
    def current(self, *, on=None):
        """Units valid on `on` (today when None)."""
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=day),
        )


def _check_division_code(code: str) -> None:
    if not DIVISION_CODE.match(code or ""):
        raise ValidationError(
            {
                "code": _("A division code has exactly 12 digits: %(code)s")
                % {"code": code}
            }
        )
    district = settings.BUREAU_DISTRICT_CODE
    if code[:6] != district:
        raise ValidationError(
            {
                "code": _("Code %(code)s is not in this district (%(district)s).")
                % {"code": code, "district": district}
            }
        )


class OrgUnit(models.Model):
    """What townships and villages share: a name, a validity period, a successor.

    Each keeps its own 12-digit `code` (the primary key) and rules about it.
    """

    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


@audited()
class Township(OrgUnit):
    class Kind(models.TextChoices):
        STREET = "street", _("Street (街道)")
        TOWN = "town", _("Town (镇)")
        TOWNSHIP = "township", _("Township (乡)")
        OTHER = "other", _("Other")

    code = models.CharField(
        _("division code"),
        max_length=12,
        primary_key=True,
        help_text=_("12-digit statistical division code ending in 000."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, editable=False)
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Set when merged or renamed.")
    )

    class Meta(OrgUnit.Meta):
        verbose_name = _("township")
        verbose_name_plural = _("townships")
        permissions = [
            ("view_all_townships", "Can see records in every township"),
            ("view_audit_trail", "Can read the audit trail"),
            ("export_records", "Can export records to spreadsheets"),
            ("unmask_personal_data", "Can reveal a masked number with a reason"),
            ("view_dashboards", "Can see district dashboards"),
        ]
        triggers = [
            pgtrigger.Protect(name="township_never_deleted", operation=pgtrigger.Delete)
        ]

    def save(self, *args, **kwargs):
        self.kind = self.kind_for(self.code)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        _check_division_code(self.code)
        if not self.code.endswith("000"):
            raise ValidationError({"code": _("A township code ends in 000.")})
        self.kind = self.kind_for(self.code)

    @staticmethod
    def kind_for(code: str) -> str:
        """GB/T 10114: digits 7-9 are 0xx for streets, 1xx towns, 2xx townships."""
        digit = code[6:7]
        return {"0": "street", "1": "town", "2": "township"}.get(digit, "other")


@audited()
class Village(OrgUnit):
    code = models.CharField(
        _("division code"),
        max_length=12,
        primary_key=True,
        help_text=_("12-digit code; the first 9 digits are the township's."),
    )
    township = models.ForeignKey(
        Township,
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="villages",
    )
    urban_rural_code = models.CharField(
        _("urban-rural code"), max_length=3, blank=True, help_text=_("e.g. 111, 220")
    )

    class Meta(OrgUnit.Meta):
        verbose_name = _("village or community")
        verbose_name_plural = _("villages and communities")
        triggers = [
            pgtrigger.Protect(name="village_never_deleted", operation=pgtrigger.Delete)
        ]

    @property
    def is_urban(self) -> bool:
        return self.urban_rural_code.startswith("1")

    def clean(self) -> None:
        _check_division_code(self.code)
        if self.code.endswith("000"):
            raise ValidationError({"code": _("A village code does not end in 000.")})
        if self.township_id and self.code[:9] != self.township_id[:9]:
            raise ValidationError(
                {
                    "code": _(
                        "Village %(code)s does not belong to township %(township)s: "
                        "the first 9 digits differ."
                    )
                    % {"code": self.code, "township": self.township_id}
                }
            )
