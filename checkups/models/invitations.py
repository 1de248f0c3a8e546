"""Invitations: one per person (reproductive health) or couple (pre-pregnancy) and campaign.

Village, household and township are copied from the register when the invitation is
made, so the township scope and the per-village figures need no walk through the
register, and a later move does not rewrite where the person was invited.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited


class Status(models.TextChoices):
    INVITED = "invited", _("Invited")
    REMINDED = "reminded", _("Reminded")
    ATTENDED = "attended", _("Attended")
    DECLINED = "declined", _("Declined")
    UNREACHABLE = "unreachable", _("Unreachable")
    MOVED_AWAY = "moved_away", _("Moved away")


# Still waiting for an answer: the only invitations reminders are about.
PENDING = (Status.INVITED, Status.REMINDED)


@audited()
class Invitation(models.Model):
    Status = Status

    campaign = models.ForeignKey(
        "checkups.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    person = models.ForeignKey(
        "households.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checkup_invitations",
    )
    couple = models.ForeignKey(
        "checkups.Couple",
        verbose_name=_("couple"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checkup_invitations",
    )
    village = models.ForeignKey(
        "bureau.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="checkup_invitations",
    )
    township = models.ForeignKey(
        "bureau.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="checkup_invitations",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.INVITED
    )
    status_note = models.CharField(_("note"), max_length=300, blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-up invitation")
        verbose_name_plural = _("check-up invitations")
        ordering = ["campaign_id", "village_id", "household_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"], name="checkups_one_invitation_a_person"
            ),
            models.UniqueConstraint(
                fields=["campaign", "couple"], name="checkups_one_invitation_a_couple"
            ),
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(couple__isnull=True))
                | (Q(person__isnull=True) & Q(couple__isnull=False)),
                name="checkups_invitation_person_or_couple",
            ),
        ]
        indexes = [
            models.Index(
                fields=["campaign", "township", "village", "status"],
                name="checkups_invitation_figures",
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.person or self.couple}"
