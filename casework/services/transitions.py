"""Moving a case along its kind's state machine (casework.workflow), with its clocks."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.models import User
from bureau.scoping import townships_for
from casework.models import Case, CaseEvent, Decision, Penalty
from casework.services import timing
from casework.services.surcharge import account
from casework.workflow import (
    MIN_HANDLERS,
    NOTE_REQUIRED,
    CloseReason,
    Kind,
    Outcome,
    Satisfaction,
    Status,
    allowed_from,
)


class TransitionRefused(ValidationError):
    """The move is not allowed from the case's current state."""


# Moves recorded through the sanctions ledger (services.sanctions), never on their own.
LEDGER_MOVES = {
    Status.DECIDED: "record_decision",
    Status.SERVED: "record_service",
}


def may_move(user: User, case: Case, to: str) -> bool:
    """Whether `user` may offer the move `case` → `to` (the guards may still refuse it)."""
    if to not in allowed_from(case.kind, case.status):
        return False
    if not user.has_perm("casework.transition_case"):
        return False
    if to == Status.EXTENDED and not user.has_perm("casework.approve_extension"):
        return False
    return townships_for(user).filter(pk=case.township_id).exists()


def _label(status: str) -> str:
    return str(Status(status).label)


def refusal(case: Case, to: str) -> TransitionRefused:
    allowed = allowed_from(case.kind, case.status)
    values = {
        "number": case.number,
        "current": _label(case.status),
        "to": _label(to) if to in Status.values else to,
        "allowed": ", ".join(_label(s) for s in allowed),
    }
    if not allowed:
        message = _("%(number)s is %(current)s and can no longer move (asked: %(to)s).")
    else:
        message = _(
            "%(number)s is %(current)s; it can move to %(allowed)s, not to %(to)s."
        )
    return TransitionRefused({"status": message % values})


@transaction.atomic
def move_case(
    *,
    by: User,
    case: Case,
    to: str,
    note: str = "",
    outcome: str = "",
    satisfaction: str = "",
    close_reason: str = "",
    merged_into: Case | None = None,
    on: dt.date | None = None,
) -> Case:
    """Move `case` to `to` if its kind's machine allows it; start and meet its time limits.

    Closing a petition names its `close_reason` and records the petitioner's
    `satisfaction` (not asked when the petition was transferred to another body).
    """
    if not by.has_perm("casework.transition_case"):
        raise PermissionDenied(_("You may not move cases."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not townships_for(by).filter(pk=case.township_id).exists():
        raise PermissionDenied(
            _("You do not serve %(township)s.") % {"township": case.township}
        )
    if to not in allowed_from(case.kind, case.status):
        raise refusal(case, to)
    note = (note or "").strip()
    on = on or timezone.localdate()
    _check_guards(
        by=by,
        case=case,
        to=to,
        note=note,
        outcome=outcome,
        satisfaction=satisfaction,
        close_reason=close_reason,
        merged_into=merged_into,
    )
    left = case.status
    case.status = to
    if outcome:
        case.outcome = outcome
    if satisfaction:
        case.satisfaction = satisfaction
    if close_reason:
        case.close_reason = close_reason
    if to == Status.MERGED:
        case.merged_into = merged_into
    case.version += 1
    case.save()
    CaseEvent.objects.create(
        case=case,
        type=CaseEvent.Type.TRANSITION,
        from_status=left,
        to_status=to,
        note=note,
        on=on,
        by=by,
    )
    timing.resume_limits(case, left=left, on=on, by=by)
    timing.meet_limits(case, status=to, on=on, by=by)
    if to == Status.EXTENDED:
        timing.extend_conclusion(case, reason=note, on=on, by=by)
    timing.pause_limits(case, status=to, reason=note, on=on, by=by)
    timing.start_limits(case, status=to, on=on, by=by)
    return case


def _check_guards(
    *, by, case, to, note, outcome, satisfaction, close_reason, merged_into
) -> None:
    if to in NOTE_REQUIRED and not note:
        raise ValidationError(
            {"note": _("Say why the case moves to %(to)s.") % {"to": _label(to)}}
        )
    needed = MIN_HANDLERS.get((case.kind, to), 0)
    if case.handlers.count() < needed:
        raise ValidationError(
            {
                "handlers": _(
                    "A case is %(to)s only with at least %(count)s named handlers."
                )
                % {"to": _label(to), "count": needed}
            }
        )
    _check_ledger(case, to)
    if to == Status.EXTENDED and not by.has_perm("casework.approve_extension"):
        raise PermissionDenied(_("Only the head of the bureau approves an extension."))
    if (
        case.kind == Kind.PETITION
        and to == Status.OPINION_ISSUED
        and outcome not in Outcome.values
    ):
        raise ValidationError(
            {"outcome": _("The opinion supports, explains or does not support.")}
        )
    if satisfaction and satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Unknown satisfaction rating.")})
    if close_reason and close_reason not in CloseReason.values:
        raise ValidationError({"close_reason": _("Unknown close reason.")})
    if case.kind == Kind.PETITION and to == Status.CLOSED:
        _check_petition_close(case, close_reason, satisfaction)
    if to == Status.MERGED and (
        merged_into is None
        or merged_into.pk == case.pk
        or merged_into.kind != case.kind
    ):
        raise ValidationError(
            {"merged_into": _("Name another case of the same kind to merge into.")}
        )


def _check_petition_close(case: Case, close_reason: str, satisfaction: str) -> None:
    if not close_reason:
        raise ValidationError(
            {
                "close_reason": _(
                    "Choose the close reason of the petition (resolved, explained, "
                    "not supported, diverted, withdrawn, duplicate or transferred)."
                )
            }
        )
    if not satisfaction and case.status != Status.TRANSFERRED_OUT:
        raise ValidationError(
            {
                "satisfaction": _(
                    "Record the petitioner's satisfaction (satisfied, basically "
                    "satisfied or dissatisfied) before the petition is closed."
                )
            }
        )


def _owed(case: Case) -> Decimal:
    """What is still owed today on the case's fines and confiscated income."""
    today = timezone.localdate()
    owed = Decimal("0.00")
    for penalty in Penalty.objects.filter(
        decision__case=case, type__in=Penalty.PAID_TYPES
    ).prefetch_related("payments"):
        owed += account(
            amount=penalty.amount,
            due_on=penalty.due_on,
            payments=[(p.paid_on, p.amount) for p in penalty.payments.all()],
            on=today,
        ).outstanding
    return owed


def _check_ledger(case: Case, to: str) -> None:
    if case.kind != Kind.LIANGFEI:
        return
    if to == Status.CLOSED and case.status in (Status.SERVED, Status.EXECUTING):
        owed = _owed(case)
        if owed:
            raise ValidationError(
                {
                    "status": _(
                        "¥%(owed)s is still owed on %(number)s; it is closed once "
                        "its fines are paid."
                    )
                    % {"owed": owed, "number": case.number}
                }
            )
    if to not in LEDGER_MOVES:
        return
    decision = Decision.objects.filter(case=case).first()
    if to == Status.DECIDED and decision is None:
        raise ValidationError(
            {
                "status": _(
                    "Record the decision with its penalties; the case then is Decided."
                )
            }
        )
    if to == Status.SERVED and (decision is None or decision.served_on is None):
        raise ValidationError(
            {
                "status": _(
                    "Record the day the decision was served; the case then is Served."
                )
            }
        )
