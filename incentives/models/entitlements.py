"""Entitlements (a person's running benefit) and the changes proposed to them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


@audited()
class Entitlement(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        TERMINATED = "terminated", _("Terminated")

    scheme = models.ForeignKey(
        "incentives.Scheme", verbose_name=_("scheme"), on_delete=models.PROTECT
    )
    category = models.CharField(_("category"), max_length=40, blank=True)
    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="benefit_entitlements",
    )
    payee = models.ForeignKey(
        "households.Person",
        verbose_name=_("payee"),
        on_delete=models.PROTECT,
        related_name="benefit_entitlements_as_payee",
    )
    child = models.ForeignKey(
        "households.Person",
        verbose_name=_("child concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    village = models.ForeignKey(
        "bureau.Village", verbose_name=_("village"), on_delete=models.PROTECT
    )
    application = models.OneToOneField(
        "incentives.Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entitlement",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.ACTIVE
    )
    starts_on = models.DateField(_("paid from"))
    ends_on = models.DateField(
        _("paid until"), null=True, blank=True, help_text=_("Last day paid for.")
    )
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["scheme", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "scheme"],
                condition=~models.Q(status="terminated"),
                name="incentives_one_live_entitlement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.person}"


@audited()
class EntitlementChange(models.Model):
    """A change the nightly job proposes from the register; a person confirms or dismisses it."""

    class Kind(models.TextChoices):
        DEATH = "death", _("Beneficiary died")
        MOVED_AWAY = "moved_away", _("Moved out of the district")
        CATEGORY = "category", _("Category switch")
        NEW_CHILD = "new_child", _("A child was born or adopted")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    entitlement = models.ForeignKey(
        Entitlement,
        verbose_name=_("entitlement"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PROPOSED
    )
    effective_on = models.DateField(_("effective from"))
    new_category = models.CharField(_("new category"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    overpayment = models.DecimalField(
        _("overpayment (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("entitlement change")
        verbose_name_plural = _("entitlement changes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entitlement", "kind"],
                condition=models.Q(status="proposed"),
                name="incentives_one_open_change_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.entitlement}"
