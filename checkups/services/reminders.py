"""Reminders to township staff about invitations still waiting before a campaign closes.

Sent 14, 7 and 3 days before an open campaign's last day, to each active staff member
who handles invitations in a participating township, with the number still waiting
per village. No name is in the message (notifications may go out by e-mail); the
link opens the scoped list. Declined, unreachable and moved-away invitations are never
counted: nobody is chased after saying no. Running twice sends nothing new.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from bureau.models import Notification, User
from bureau.roles import Role
from bureau.services import notify
from checkups.models import Campaign, Invitation
from checkups.models.invitations import PENDING

DAYS_BEFORE_END = (14, 7, 3)


def _link(campaign: Campaign) -> str:
    try:
        return reverse("checkups:invitation-list", kwargs={"pk": campaign.pk})
    except NoReverseMatch:
        return ""


def _waiting_by_township(campaign: Campaign) -> dict[str, list[tuple[str, int]]]:
    counts = (
        Invitation.objects.filter(campaign=campaign, status__in=PENDING)
        .order_by()
        .values("township_id", "village__name")
        .annotate(waiting=Count("pk"))
        .order_by("township_id", "village__name")
    )
    found: dict[str, list[tuple[str, int]]] = {}
    for row in counts:
        found.setdefault(row["township_id"], []).append(
            (row["village__name"], row["waiting"])
        )
    return found


def _staff_of(township: str):
    users = User.objects.filter(role=Role.STAFF, is_active=True, townships=township)
    return [u for u in users.distinct() if u.has_perm("checkups.change_invitation")]


def _remind_for(campaign: Campaign, today: date) -> int:
    link = _link(campaign)
    days = (campaign.ends_on - today).days
    # The title names the days left, so each of the three reminders goes out once.
    title = _(
        "%(campaign)s closes on %(day)s, in %(days)d days: invitations still waiting"
    ) % {"campaign": campaign, "day": campaign.ends_on, "days": days}
    sent = 0
    for township, villages in _waiting_by_township(campaign).items():
        body = "\n".join(
            _("%(village)s: %(count)d waiting") % {"village": name, "count": count}
            for name, count in villages
        )
        already = set(
            Notification.objects.filter(title=title, link=link).values_list(
                "recipient_id", flat=True
            )
        )
        recipients = [u for u in _staff_of(township) if u.pk not in already]
        sent += len(notify(recipients=recipients, title=title, body=body, link=link))
    return sent


def send_non_attender_reminders(*, today: date) -> int:
    """Notify staff of campaigns closing in 14, 7 or 3 days; returns notifications sent.

    Each campaign is handled under a lock on its row, so two runs at once (a task
    delivered twice) take turns and the second finds the reminders already sent."""
    ends = [today + timedelta(days=days) for days in DAYS_BEFORE_END]
    sent = 0
    due = Campaign.objects.filter(status=Campaign.Status.OPEN, ends_on__in=ends)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            campaign = (
                Campaign.objects.select_for_update()
                .filter(pk=pk, status=Campaign.Status.OPEN)
                .first()
            )
            if campaign is not None:
                sent += _remind_for(campaign, today)
    return sent
