"""Yearly case targets per township (e.g. 14 两非 cases filed, set by the city)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited
from casework.workflow import Kind


@audited(model_name="CaseTargetAudit")
class CaseTarget(models.Model):
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="case_targets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.LIANGFEI
    )
    cases = models.PositiveIntegerField(
        _("cases to file"), validators=[MinValueValidator(1)]
    )
    set_by_body = models.CharField(_("set by"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("case target")
        verbose_name_plural = _("case targets")
        ordering = ["-year", "township", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year", "kind"], name="casework_target_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year}: {self.cases}"
