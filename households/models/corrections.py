"""Corrections (信息纠错): every change of a person's core facts, with who approved it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited

CORE_FACTS = (
    "name",
    "id_number",
    "sex",
    "birth_date",
    "household",
    "is_alive",
    "died_on",
)
# The facts of a person that are edited directly (update_person, the edit page, the
# admin); every other change of a person is a core fact (a correction) or derived.
NON_CORE_FACTS = (
    "relation_to_head",
    "ethnicity",
    "marital_status",
    "residence_status",
    "phones",
    "manual_pinyin",
    "mother",
    "father",
)


@audited()
class Correction(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        STAFF = "staff", _("Township staff")
        CITIZEN = "citizen", _("Citizen request")
        HOSPITAL = "hospital", _("Hospital birth registry")
        POLICE = "police", _("Police household registry")
        IMPORT = "import", _("Spreadsheet import")
        QUALITY = "quality", _("Data-quality check")

    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    before = models.JSONField(
        _("before"), help_text=_("Core facts before; ID numbers encrypted.")
    )
    after = models.JSONField(
        _("after"), help_text=_("Core facts after; ID numbers encrypted.")
    )
    reason = models.TextField(_("reason"))
    source = models.CharField(
        _("source"), max_length=10, choices=Source, default=Source.STAFF
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.PENDING,
        db_index=True,
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or rejected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"
