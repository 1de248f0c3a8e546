"""Invitation status: invited → reminded → attended | declined | unreachable | moved away.

Attended is set only by a visit signed by two users (services.visits). Declined is
recorded as the person's answer and nothing else happens: no figure counts it against
anyone, no list chases the person, and someone who declined may still come (the
invitation can go back to invited).
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.audit import audit_context
from checkups.models import Invitation
from checkups.models.invitations import PENDING
from checkups.services._common import invalid, locked, require_perm, serves

S = Invitation.Status
# Statuses a user sets by hand, and from which statuses.
MANUAL = {
    S.REMINDED: set(PENDING),
    S.DECLINED: {*PENDING, S.UNREACHABLE},
    S.UNREACHABLE: {*PENDING},
    S.MOVED_AWAY: {*PENDING, S.UNREACHABLE, S.DECLINED},
    S.INVITED: {S.DECLINED, S.UNREACHABLE, S.MOVED_AWAY},
}


def may_change_invitation(user, invitation: Invitation) -> bool:
    return (
        user.has_perm("checkups.change_invitation")
        and invitation.campaign.status != "closed"
        and serves(user, invitation.township_id)
    )


def set_invitation_status(
    *,
    by,
    invitation: Invitation,
    status: str,
    note: str = "",
    expected_version: int | None = None,
) -> Invitation:
    """Record an answer or a reminder: reminded, declined, unreachable, moved away, or
    back to invited (someone who declined changes their mind)."""
    require_perm(by, "checkups.change_invitation")
    if status not in MANUAL:
        raise invalid(
            "status",
            _("Attendance is recorded by a signed visit, not by changing the status."),
        )
    with transaction.atomic(), audit_context(user=by.pk, action="invitation_status"):
        invitation = locked(Invitation, invitation, expected_version)
        if not may_change_invitation(by, invitation):
            raise invalid("status", _("You may not change this invitation."))
        if invitation.status not in MANUAL[status]:
            raise invalid(
                "status",
                _("An invitation that is %(now)s cannot become %(new)s.")
                % {"now": invitation.get_status_display(), "new": S(status).label},
            )
        now = timezone.now()
        invitation.status = status
        invitation.status_note = note.strip()[:300]
        invitation.status_changed_at = now
        if status == S.REMINDED:
            invitation.reminded_at = now
        invitation.version += 1
        invitation.save()
    return invitation


def remind_invitations(*, by, invitations) -> int:
    """Mark invitations still waiting (invited or reminded) as reminded now, in one
    statement; returns how many. Others (declined, moved away …) are left alone."""
    require_perm(by, "checkups.change_invitation")
    from checkups.selectors import visible_invitations

    now = timezone.now()
    with transaction.atomic(), audit_context(user=by.pk, action="remind_invitations"):
        return (
            visible_invitations(by)
            .filter(pk__in=[getattr(i, "pk", i) for i in invitations])
            .filter(status__in=PENDING)
            .exclude(campaign__status="closed")
            .update(
                status=S.REMINDED,
                reminded_at=now,
                status_changed_at=now,
                version=F("version") + 1,
            )
        )
