"""Deadline clocks: start, pause, resume, extend and meet a time limit; list what is due.

An app attaches a clock to any of its rows and states the rule; the law's numbers stay in
the app. A petition, for example (信访工作条例 arts. 23, 35)::

    start_clock(subject=petition, township=petition.township, kind="petition-acceptance",
                label="书面告知受理 (15日)", days=15, unit=DeadlineClock.Unit.CALENDAR,
                warn_before=5, warn_users=[handler], escalate_role=Role.CHIEF, by=user)
    start_clock(subject=petition, ..., kind="petition-conclusion", days=60,
                unit=DeadlineClock.Unit.CALENDAR, warn_before=10, ...)
    extend_clock(clock=conclusion, days=30, reason="经负责人批准延期", by=head)

and a limit in working days (a misrouted transfer is objected to within 5 working days)::

    start_clock(..., kind="petition-objection", days=5, unit=DeadlineClock.Unit.WORKING)

A pause (e.g. hearing time not counted, art. 36) moves the due date by the days it lasted,
counted in the clock's unit. `bureau.clock_reminders` (run hourly) warns on `warn_on` and
escalates the day after `due_on`, each at most once per due date. These services check
no permission: the app service that calls them has already checked its own.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.models import ClockPause, DeadlineClock, Township, User
from bureau.scoping import within_townships
from bureau.workdays import add_calendar_days, add_working_days, working_days_between

Unit = DeadlineClock.Unit
State = DeadlineClock.State
OPEN_STATES = (State.RUNNING, State.PAUSED, State.EXPIRED)


def _schedule(clock: DeadlineClock) -> None:
    """Set due_on and warn_on from the start, the rule, the extension and the paused days."""
    total = clock.days + clock.extra_days + clock.paused_days
    if clock.unit == Unit.WORKING:
        clock.due_on = add_working_days(clock.started_on, total)
        clock.warn_on = add_working_days(clock.due_on, -clock.warn_before)
    else:
        clock.due_on = add_calendar_days(
            clock.started_on, total, end_on_working_day=clock.end_on_working_day
        )
        clock.warn_on = clock.due_on - dt.timedelta(days=clock.warn_before)


def _rewarn_if_moved(clock: DeadlineClock, on: dt.date) -> None:
    """A due date moved past a warning already sent gets a fresh warning before it."""
    if clock.warned_at is not None and clock.warn_on > on:
        clock.warned_at = None


def _locked(clock: DeadlineClock) -> DeadlineClock:
    return DeadlineClock.objects.select_for_update().get(pk=clock.pk)


@transaction.atomic
def start_clock(
    *,
    subject: models.Model,
    township: Township,
    kind: str,
    label: str,
    days: int,
    unit: str,
    by: User | None,
    started_on: dt.date | None = None,
    warn_before: int = 0,
    warn_users: Iterable[User] = (),
    warn_role: str = "",
    escalate_users: Iterable[User] = (),
    escalate_role: str = "",
    end_on_working_day: bool = True,
    link: str = "",
) -> DeadlineClock:
    """Attach a running clock to `subject`: due `days` working or calendar days after the start.

    One clock per kind per row; starting a second raises ValidationError. With
    `end_on_working_day` a calendar-day limit ending on a rest day ends on the next
    working day (民法典 art. 203).
    """
    if unit not in Unit.values:
        raise ValidationError({"unit": _("Unknown unit: %(unit)s") % {"unit": unit}})
    if days <= 0:
        raise ValidationError({"days": _("A time limit allows at least one day.")})
    if not 0 <= warn_before < days:
        raise ValidationError(
            {
                "warn_before": _(
                    "The warning comes 0 to %(most)s days before the due date."
                )
                % {"most": days - 1}
            }
        )
    content_type = ContentType.objects.get_for_model(subject)
    if DeadlineClock.objects.filter(
        content_type=content_type, object_id=str(subject.pk), kind=kind
    ).exists():
        raise ValidationError(
            {
                "kind": _("%(record)s already has a %(kind)s clock.")
                % {"record": subject, "kind": kind}
            }
        )
    clock = DeadlineClock(
        content_type=content_type,
        object_id=str(subject.pk),
        township=township,
        kind=kind,
        label=label,
        link=link,
        started_on=started_on or timezone.localdate(),
        days=days,
        unit=unit,
        end_on_working_day=end_on_working_day,
        warn_before=warn_before,
        warn_role=warn_role,
        escalate_role=escalate_role,
        created_by=by,
    )
    _schedule(clock)
    clock.full_clean(exclude=["content_type", "township", "created_by"])
    clock.save()
    clock.warn_users.set(warn_users)
    clock.escalate_users.set(escalate_users)
    return clock


@transaction.atomic
def pause_clock(
    *, clock: DeadlineClock, reason: str, by: User | None, on: dt.date | None = None
) -> DeadlineClock:
    """Stop a running clock from `on` (today); the days until it resumes are not counted."""
    clock = _locked(clock)
    on = on or timezone.localdate()
    if clock.state != State.RUNNING:
        raise ValidationError(
            _("Only a running clock can be paused; %(label)s is %(state)s.")
            % {"label": clock.label, "state": clock.get_state_display()}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the clock is paused.")})
    if on < clock.started_on:
        raise ValidationError({"on": _("A clock cannot be paused before it started.")})
    clock.state = State.PAUSED
    clock.paused_on = on
    clock.pause_reason = reason.strip()[:200]
    clock.save(update_fields=["state", "paused_on", "pause_reason"])
    ClockPause.objects.create(
        clock=clock, paused_on=on, reason=clock.pause_reason, paused_by=by
    )
    return clock


@transaction.atomic
def resume_clock(
    *, clock: DeadlineClock, by: User | None, on: dt.date | None = None
) -> DeadlineClock:
    """Restart a paused clock on `on` (today); the due date moves by the days it was paused.

    The days after the pause date up to and including `on` are not counted, in the
    clock's unit: working days for a working-day limit, every day otherwise.
    """
    clock = _locked(clock)
    on = on or timezone.localdate()
    if clock.state != State.PAUSED or clock.paused_on is None:
        raise ValidationError(_("%(label)s is not paused.") % {"label": clock.label})
    if on < clock.paused_on:
        raise ValidationError(
            {"on": _("A clock cannot resume before the day it was paused.")}
        )
    if clock.unit == Unit.WORKING:
        not_counted = working_days_between(clock.paused_on, on)
    else:
        not_counted = (on - clock.paused_on).days
    ClockPause.objects.filter(clock=clock, resumed_on__isnull=True).update(
        resumed_on=on, resumed_by=by, days_not_counted=not_counted
    )
    clock.paused_days += not_counted
    clock.state = State.RUNNING
    clock.paused_on = None
    clock.pause_reason = ""
    _schedule(clock)
    _rewarn_if_moved(clock, on)
    clock.save()
    return clock


@transaction.atomic
def extend_clock(
    *,
    clock: DeadlineClock,
    days: int,
    reason: str,
    by: User | None,
    on: dt.date | None = None,
) -> DeadlineClock:
    """Allow `days` more (an approved extension, e.g. 信访 art. 35: up to 30 days more).

    The reason is kept on the clock; an expired or met clock is not extended.
    """
    clock = _locked(clock)
    on = on or timezone.localdate()
    if clock.state not in (State.RUNNING, State.PAUSED):
        raise ValidationError(
            _("%(label)s is %(state)s and can no longer be extended.")
            % {"label": clock.label, "state": clock.get_state_display()}
        )
    if days <= 0:
        raise ValidationError({"days": _("An extension adds at least one day.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    clock.extra_days += days
    clock.extension_reason = "\n".join(
        line for line in (clock.extension_reason, reason.strip()) if line
    )
    _schedule(clock)
    _rewarn_if_moved(clock, on)
    clock.save()
    return clock


@transaction.atomic
def meet_clock(
    *, clock: DeadlineClock, by: User | None, on: dt.date | None = None
) -> DeadlineClock:
    """Stop the clock because what it timed was done on `on` (today); safe to call twice.

    A late meeting is still recorded; `met_in_time` tells whether it was within the limit.
    """
    clock = _locked(clock)
    if clock.state == State.MET:
        return clock
    on = on or timezone.localdate()
    if clock.state == State.PAUSED:
        ClockPause.objects.filter(clock=clock, resumed_on__isnull=True).update(
            resumed_on=on, resumed_by=by
        )
        clock.paused_on = None
    clock.state = State.MET
    clock.met_on = on
    clock.save()
    return clock


def reschedule_clocks(*, since: dt.date) -> int:
    """Recompute the dates of open clocks due on or after `since` from the holiday table.

    Run after the table changes (e.g. next year's notice is entered); a clock whose due
    date moves later is warned again. Expired and met clocks keep their dates.
    Returns how many clocks moved.
    """
    today = timezone.localdate()
    moved = 0
    open_ones = DeadlineClock.objects.filter(
        state__in=(State.RUNNING, State.PAUSED), due_on__gte=since
    )
    for pk in list(open_ones.values_list("pk", flat=True)):
        with transaction.atomic():
            clock = DeadlineClock.objects.select_for_update().get(pk=pk)
            if clock.state not in (State.RUNNING, State.PAUSED):
                continue
            before = (clock.due_on, clock.warn_on)
            _schedule(clock)
            if (clock.due_on, clock.warn_on) != before:
                _rewarn_if_moved(clock, today)
                clock.save(update_fields=["due_on", "warn_on", "warned_at"])
                moved += 1
    return moved


def visible_clocks(user: Any) -> QuerySet[DeadlineClock]:
    """Clocks in the townships `user` may see."""
    return within_townships(
        DeadlineClock.objects.select_related("township", "content_type"),
        user,
        via="township",
    )


def overdue_condition(today: dt.date) -> Q:
    """Clocks past their due date on `today` and not met (expired, or not yet marked)."""
    return Q(state=State.EXPIRED) | Q(state=State.RUNNING, due_on__lt=today)


def due_soon_condition(today: dt.date) -> Q:
    """Running clocks inside their warning period on `today`."""
    return Q(state=State.RUNNING, warn_on__lte=today, due_on__gte=today)


def overdue_clocks(
    user: Any, *, today: dt.date | None = None
) -> QuerySet[DeadlineClock]:
    """Visible clocks past their due date and not met, oldest due first."""
    today = today or timezone.localdate()
    return (
        visible_clocks(user).filter(overdue_condition(today)).order_by("due_on", "pk")
    )


def due_soon_clocks(
    user: Any, *, today: dt.date | None = None
) -> QuerySet[DeadlineClock]:
    """Visible running clocks inside their warning period (warn_on to due_on), soonest first."""
    today = today or timezone.localdate()
    return (
        visible_clocks(user).filter(due_soon_condition(today)).order_by("due_on", "pk")
    )


def clock_counts_by_township(
    user: Any, *, today: dt.date | None = None
) -> dict[str, dict[str, int]]:
    """{township code: {"overdue": n, "due_soon": m}} over the townships `user` may see."""
    today = today or timezone.localdate()
    rows = (
        visible_clocks(user)
        .filter(overdue_condition(today) | due_soon_condition(today))
        .values("township")
        .annotate(
            overdue=Count("pk", filter=overdue_condition(today)),
            due_soon=Count("pk", filter=due_soon_condition(today)),
        )
    )
    return {
        row["township"]: {"overdue": row["overdue"], "due_soon": row["due_soon"]}
        for row in rows
    }


def clocks_for(subject: models.Model) -> QuerySet[DeadlineClock]:
    """The clocks attached to `subject`, a row the caller has already read through its scope."""
    return DeadlineClock.objects.filter(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
    ).order_by("started_on", "pk")


def open_clock(subject: models.Model, kind: str) -> DeadlineClock | None:
    """The unmet clock of `kind` on `subject`, if any."""
    return clocks_for(subject).filter(kind=kind, state__in=OPEN_STATES).first()
