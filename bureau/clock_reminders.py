"""The hourly deadline job: warn before the due date and escalate after it, each once.

Each clock is claimed by a conditional update in its own transaction together with its
notification, so a rerun, a retry or a second worker running at the same moment sends
nothing twice. Recipients are the clock's named users and role holders who may see
its township (`bureau.scoping`).
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.models import DeadlineClock, User
from bureau.roles import Role
from bureau.scoping import townships_for
from bureau.services import notify
from bureau.workdays import working_days_between

Unit = DeadlineClock.Unit
State = DeadlineClock.State


def _recipients(clock: DeadlineClock, users: QuerySet[User], role: str) -> list[User]:
    """Active named users plus holders of `role`, limited to those who may see the township."""
    candidates = {user.pk: user for user in users.filter(is_active=True)}
    if role:
        holders = User.objects.filter(role=role, is_active=True)
        if role == Role.STAFF:
            holders = holders.filter(townships=clock.township_id)
        for user in holders:
            candidates.setdefault(user.pk, user)
    return [
        user
        for user in candidates.values()
        if townships_for(user).filter(pk=clock.township_id).exists()
    ]


def _send_warning(clock: DeadlineClock, today: dt.date) -> None:
    if clock.unit == Unit.WORKING:
        left = working_days_between(today, clock.due_on)
    else:
        left = (clock.due_on - today).days
    notify(
        recipients=_recipients(clock, clock.warn_users.all(), clock.warn_role),
        title=_("Due on %(due)s: %(label)s")
        % {"due": clock.due_on, "label": clock.label},
        body=_("%(township)s: %(left)s %(unit)s left.")
        % {"township": clock.township, "left": left, "unit": clock.get_unit_display()},
        link=clock.link,
    )


def _send_escalation(clock: DeadlineClock) -> None:
    recipients = _recipients(clock, clock.escalate_users.all(), clock.escalate_role)
    known = {user.pk for user in recipients}
    recipients += [
        user
        for user in _recipients(clock, clock.warn_users.all(), clock.warn_role)
        if user.pk not in known
    ]
    notify(
        recipients=recipients,
        title=_("Overdue since %(due)s: %(label)s")
        % {"due": clock.due_on, "label": clock.label},
        body=_("%(township)s: the time limit has expired.")
        % {"township": clock.township},
        link=clock.link,
    )


def send_clock_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Warn on clocks reaching their warning date and escalate expired ones; safe to overlap.

    Each clock is claimed by a conditional update in its own transaction together with
    its notification: a second run, or a run on another worker at the same moment,
    finds the row already marked (PostgreSQL re-checks the condition after the row
    lock) and sends nothing.
    """
    today = today or timezone.localdate()
    warn = Q(state=State.RUNNING, warned_at__isnull=True, warn_on__lte=today)
    warn &= Q(due_on__gte=today)
    expire = Q(state=State.RUNNING, due_on__lt=today, escalated_at__isnull=True)
    counts = {"warned": 0, "escalated": 0}
    for pk in list(DeadlineClock.objects.filter(warn).values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = DeadlineClock.objects.filter(warn, pk=pk).update(
                warned_at=timezone.now()
            )
            if claimed:
                _send_warning(DeadlineClock.objects.get(pk=pk), today)
                counts["warned"] += 1
    for pk in list(DeadlineClock.objects.filter(expire).values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = DeadlineClock.objects.filter(expire, pk=pk).update(
                state=State.EXPIRED, escalated_at=timezone.now()
            )
            if claimed:
                _send_escalation(DeadlineClock.objects.get(pk=pk))
                counts["escalated"] += 1
    return counts
