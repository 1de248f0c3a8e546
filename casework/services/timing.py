"""Start, meet, pause and extend a case's statutory clocks as it moves (casework.clocks)."""

import datetime as dt

from django.urls import NoReverseMatch, reverse

from bureau import clocks as core
from bureau.models import DeadlineClock, User
from bureau.roles import Role
from casework import clocks as limits
from casework.models import Case


def case_link(case: Case) -> str:
    """The case page, where a warning or an escalation sends its reader."""
    try:
        return reverse("casework:case-detail", args=[case.pk])
    except NoReverseMatch:
        return ""


def start_limits(case: Case, *, status: str, on: dt.date, by: User) -> None:
    for limit in limits.STARTS.get((case.kind, status), ()):
        if core.clocks_for(case).filter(kind=limit.kind).exists():
            continue  # a case re-entering a state keeps its first clock
        core.start_clock(
            subject=case,
            township=case.township,
            kind=limit.kind,
            label=str(limit.label),
            days=limit.days,
            unit=limit.unit,
            started_on=on,
            warn_before=limit.warn_before,
            warn_users=list(case.handlers.all()),
            escalate_role=Role.CHIEF,
            link=case_link(case),
            by=by,
        )


def meet_limits(case: Case, *, status: str, on: dt.date, by: User) -> None:
    for limit in limits.MET_ON_ENTRY.get((case.kind, status), ()):
        clock = core.open_clock(case, limit.kind)
        if clock is not None:
            core.meet_clock(clock=clock, by=by, on=on)


def pause_limits(
    case: Case, *, status: str, reason: str, on: dt.date, by: User
) -> None:
    for limit in limits.PAUSED_IN.get((case.kind, status), ()):
        clock = core.open_clock(case, limit.kind)
        if clock is not None and clock.state == DeadlineClock.State.RUNNING:
            core.pause_clock(clock=clock, reason=reason, by=by, on=on)


def resume_limits(case: Case, *, left: str, on: dt.date, by: User) -> None:
    for limit in limits.PAUSED_IN.get((case.kind, left), ()):
        clock = core.open_clock(case, limit.kind)
        if clock is not None and clock.state == DeadlineClock.State.PAUSED:
            core.resume_clock(clock=clock, by=by, on=on)


def extend_conclusion(case: Case, *, reason: str, on: dt.date, by: User) -> None:
    """An approved extension of a petition's conclusion: 30 days more, once."""
    clock = core.open_clock(case, limits.CONCLUSION.kind)
    if clock is not None:
        core.extend_clock(
            clock=clock, days=limits.EXTENSION_DAYS, reason=reason, by=by, on=on
        )
