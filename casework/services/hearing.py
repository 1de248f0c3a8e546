"""The party's right to a hearing before a 两非 decision (行政处罚法 arts. 63, 64).

After the pre-decision notice the party may ask for a hearing within 5 working days
(casework.clocks.HEARING_REQUEST). The decision is recorded only once that period has run
out, or earlier when the party waived a hearing in writing; once a hearing was requested,
only after it was held (or the request was withdrawn).
"""

import datetime as dt

from django.utils.translation import gettext as _

from bureau import clocks as core_clocks
from bureau.models import User
from bureau.workdays import add_working_days, next_working_day
from casework import clocks as limits
from casework.models import Case, CaseEvent
from casework.services._common import add_event, invalid
from casework.workflow import Status


def _entered(case: Case, status: str) -> dt.date | None:
    event = (
        case.timeline.filter(type=CaseEvent.Type.TRANSITION, to_status=status)
        .order_by("-on", "-pk")
        .first()
    )
    return event.on if event is not None else None


def hearing_request_ends(case: Case) -> dt.date | None:
    """The last day the party may ask for a hearing (the hearing clock's due date)."""
    clock = (
        core_clocks.clocks_for(case)
        .filter(kind=limits.HEARING_REQUEST.kind)
        .order_by("-started_on", "-pk")
        .first()
    )
    if clock is not None:
        return clock.due_on
    noticed = _entered(case, Status.PRE_DECISION_NOTICE)
    if noticed is None:
        return None
    return add_working_days(noticed, limits.HEARING_REQUEST.days)


def check_hearing(
    case: Case,
    *,
    decided_on: dt.date,
    hearing_waived: bool,
    hearing_held_on: dt.date | None,
) -> None:
    """Refuse a decision that would cut short the party's right to a hearing."""
    if case.status == Status.PRE_DECISION_NOTICE:
        if hearing_waived:
            return
        ends = hearing_request_ends(case)
        if ends is not None and decided_on <= ends:
            raise invalid(
                "decided_on",
                _(
                    "The party may ask for a hearing until %(ends)s; record the "
                    "decision from %(first)s on, or record that the party waived "
                    "a hearing."
                )
                % {"ends": ends, "first": next_working_day(ends)},
            )
        return
    if case.status != Status.HEARING_REQUESTED or hearing_waived:
        return
    requested = _entered(case, Status.HEARING_REQUESTED)
    if hearing_held_on is None:
        raise invalid(
            "hearing_held_on",
            _(
                "A hearing was requested; record the day it was held (or that the "
                "party withdrew the request) before the decision."
            ),
        )
    if requested is not None and hearing_held_on < requested:
        raise invalid(
            "hearing_held_on",
            _("The hearing cannot come before it was requested on %(day)s.")
            % {"day": requested},
        )
    if hearing_held_on > decided_on:
        raise invalid(
            "hearing_held_on", _("The hearing is held before the decision is made.")
        )


def note_hearing(
    case: Case,
    *,
    by: User,
    decided_on: dt.date,
    hearing_waived: bool,
    hearing_held_on: dt.date | None,
) -> None:
    """Put on the timeline why the decision did not wait (or what it waited for)."""
    if hearing_waived:
        add_event(
            case,
            type=CaseEvent.Type.NOTE,
            by=by,
            note=_("The party waived a hearing."),
            on=decided_on,
        )
    elif hearing_held_on is not None and case.status == Status.HEARING_REQUESTED:
        add_event(
            case,
            type=CaseEvent.Type.NOTE,
            by=by,
            note=_("Hearing held on %(day)s.") % {"day": hearing_held_on},
            on=hearing_held_on,
        )
