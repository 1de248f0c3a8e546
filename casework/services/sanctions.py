"""The sanctions ledger: the decision with its penalties, its service, payments, seized items.

Recording the decision moves the case to "decided" and recording its service to "served"
(the time limits follow, see casework.clocks); the state machine refuses both moves
without them.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import clocks as core_clocks
from bureau.models import User
from bureau.workdays import add_calendar_days
from casework import clocks as limits
from casework.models import Case, CaseEvent, Decision, FinePayment, Penalty
from casework.models.parties import CaseParty
from casework.services._common import (
    add_event,
    invalid,
    liangfei_problem,
    locked_case,
    money,
    not_future,
    require,
    require_township,
    serves,
)
from casework.services.hearing import check_hearing, note_hearing
from casework.services.surcharge import Account, account
from casework.services.transitions import move_case
from casework.workflow import Status

DECIDE_FROM = (Status.PRE_DECISION_NOTICE, Status.HEARING_REQUESTED)
PAY_IN = (Status.SERVED, Status.EXECUTING)
# Referrals may stand in a decision that imposes no penalty itself.
REFERRALS = frozenset(
    {Penalty.Type.CRIMINAL_REFERRAL, Penalty.Type.DISCIPLINE_REFERRAL}
)


def may_record_decision(user: User, case: Case) -> bool:
    return (
        user.has_perm("casework.add_decision")
        and serves(user, case.township_id)
        and liangfei_problem(case, DECIDE_FROM) is None
    )


def may_record_service(user: User, case: Case) -> bool:
    return (
        user.has_perm("casework.change_decision")
        and serves(user, case.township_id)
        and liangfei_problem(case, (Status.DECIDED,)) is None
    )


def may_record_payment(user: User, penalty: Penalty) -> bool:
    case = penalty.decision.case
    return (
        user.has_perm("casework.add_finepayment")
        and serves(user, case.township_id)
        and penalty.is_paid_type
        and case.status in PAY_IN
        and not penalty_account(penalty).settled
    )


def _check_row(penalty: Penalty, number: int) -> None:
    try:
        penalty.full_clean(exclude=["decision"])
    except ValidationError as error:
        messages = "; ".join(m for ms in error.message_dict.values() for m in ms)
        raise invalid(
            "penalties",
            _("Penalty %(n)s: %(problem)s") % {"n": number, "problem": messages},
        ) from None


def _clean_penalties(outcome: str, penalties: Iterable[Mapping]) -> list[Penalty]:
    rows = []
    for number, given in enumerate(penalties, start=1):
        kind = given.get("type", "")
        if kind not in Penalty.Type.values:
            raise invalid(
                "penalties",
                _("Penalty %(n)s: unknown type %(type)s.")
                % {"n": number, "type": kind},
            )
        penalty = Penalty(type=kind, note=(given.get("note") or "").strip())
        if penalty.is_paid_type:
            penalty.amount = money(given.get("amount"), "penalties")
        elif given.get("amount") not in (None, ""):
            raise invalid(
                "penalties",
                _("Penalty %(n)s (%(type)s) takes no amount.")
                % {"n": number, "type": penalty.get_type_display()},
            )
        _check_row(penalty, number)
        rows.append(penalty)
    if outcome == Decision.Outcome.PENALTY and not rows:
        raise invalid("penalties", _("A penalty decision names at least one penalty."))
    if outcome != Decision.Outcome.PENALTY and any(
        row.type not in REFERRALS for row in rows
    ):
        raise invalid(
            "penalties",
            _("A decision without a penalty may only refer the case on."),
        )
    return rows


@transaction.atomic
def record_decision(
    *,
    by: User,
    case: Case,
    outcome: str,
    decided_on: dt.date,
    penalties: Iterable[Mapping] = (),
    document_number: str = "",
    grounds: str = "",
    hearing_waived: bool = False,
    hearing_held_on: dt.date | None = None,
) -> Decision:
    """The decision after the pre-decision notice (and hearing), with its penalties.

    `penalties` are mappings of type, amount (fines and confiscated income, in yuan)
    and note. The case moves to "decided" on `decided_on`. It waits for the hearing
    request period to run out unless `hearing_waived` (the party waived a hearing, or
    withdrew its request); after a request it needs `hearing_held_on`
    (casework.services.hearing).
    """
    require(by, "casework.add_decision", _("You may not record decisions."))
    case = locked_case(case)
    require_township(by, case.township)
    problem = liangfei_problem(case, DECIDE_FROM)
    if problem:
        raise invalid("case", problem)
    if Decision.objects.filter(case=case).exists():
        raise invalid(
            "case", _("%(number)s already has a decision.") % {"number": case.number}
        )
    if outcome not in Decision.Outcome.values:
        raise invalid(
            "outcome", _("Unknown outcome: %(outcome)s") % {"outcome": outcome}
        )
    not_future(decided_on, "decided_on")
    if decided_on < case.opened_on:
        raise invalid(
            "decided_on", _("The decision cannot come before the case opened.")
        )
    rows = _clean_penalties(outcome, penalties)
    if (
        outcome == Decision.Outcome.PENALTY
        and not case.parties.filter(role=CaseParty.Role.RESPONDENT).exists()
    ):
        raise invalid(
            "case",
            _("Name the party (a provider or practitioner) before the decision."),
        )
    hearing = {"hearing_waived": hearing_waived, "hearing_held_on": hearing_held_on}
    check_hearing(case, decided_on=decided_on, **hearing)
    decision = Decision(
        case=case,
        outcome=outcome,
        decided_on=decided_on,
        document_number=(document_number or "").strip(),
        grounds=(grounds or "").strip(),
        recorded_by=by,
    )
    decision.full_clean(exclude=["case", "recorded_by"])
    decision.save()
    note_hearing(case, by=by, decided_on=decided_on, **hearing)
    for row in rows:
        row.decision = decision
    Penalty.objects.bulk_create(rows)
    add_event(
        case,
        type=CaseEvent.Type.DECISION,
        by=by,
        note="; ".join(str(row) for row in rows) or decision.get_outcome_display(),
        on=decided_on,
    )
    move_case(by=by, case=case, to=Status.DECIDED, on=decided_on)
    return decision


def payment_due_on(served_on: dt.date) -> dt.date:
    """15 days after service (ending on a working day), as the payment clock counts."""
    return add_calendar_days(served_on, limits.PAYMENT.days, end_on_working_day=True)


@transaction.atomic
def record_service(*, by: User, case: Case, served_on: dt.date) -> Decision:
    """The decision was served on the party: fines fall due 15 days later."""
    require(by, "casework.change_decision", _("You may not record decisions."))
    case = locked_case(case)
    require_township(by, case.township)
    problem = liangfei_problem(case, (Status.DECIDED,))
    if problem:
        raise invalid("case", problem)
    decision = Decision.objects.select_for_update().get(case=case)
    not_future(served_on, "served_on")
    if served_on < decision.decided_on:
        raise invalid("served_on", _("A decision is served on or after its date."))
    decision.served_on = served_on
    decision.version += 1
    decision.save(update_fields=["served_on", "version"])
    decision.penalties.filter(type__in=Penalty.PAID_TYPES).update(
        due_on=payment_due_on(served_on)
    )
    add_event(
        case, type=CaseEvent.Type.SERVICE, by=by, note=str(served_on), on=served_on
    )
    move_case(by=by, case=case, to=Status.SERVED, on=served_on)
    return decision


def penalty_account(penalty: Penalty, *, on: dt.date | None = None) -> Account:
    """Paid, surcharge and outstanding of a fine (or confiscated income) on `on` (today)."""
    payments = list(penalty.payments.values_list("paid_on", "amount"))
    return account(
        amount=penalty.amount or Decimal("0.00"),
        due_on=penalty.due_on,
        payments=payments,
        on=on or timezone.localdate(),
    )


def _meet_payment_clock(case: Case, decision: Decision, by: User) -> None:
    days = []
    for penalty in decision.penalties.filter(type__in=Penalty.PAID_TYPES):
        paid_on = penalty_account(penalty).fine_paid_on
        if paid_on is None:
            return
        days.append(paid_on)
    clock = core_clocks.open_clock(case, limits.PAYMENT.kind)
    if clock is not None and days:
        core_clocks.meet_clock(clock=clock, by=by, on=max(days))


@transaction.atomic
def record_payment(
    *,
    by: User,
    penalty: Penalty,
    paid_on: dt.date,
    amount: Decimal | str,
    receipt_number: str = "",
) -> FinePayment:
    """Money paid towards a fine and its late surcharge; never more than is owed."""
    require(by, "casework.add_finepayment", _("You may not record payments."))
    penalty = (
        Penalty.objects.select_for_update()
        .select_related("decision")
        .get(pk=penalty.pk)
    )
    case = locked_case(penalty.decision.case)
    require_township(by, case.township)
    problem = liangfei_problem(case, PAY_IN)
    if problem:
        raise invalid("case", problem)
    if not penalty.is_paid_type:
        raise invalid(
            "penalty",
            _("%(penalty)s is not paid.") % {"penalty": penalty.get_type_display()},
        )
    not_future(paid_on, "paid_on")
    if paid_on < penalty.decision.served_on:
        raise invalid("paid_on", _("A payment comes after the decision was served."))
    value = money(amount)
    owed = account(
        amount=penalty.amount,
        due_on=penalty.due_on,
        payments=list(penalty.payments.values_list("paid_on", "amount")),
        on=paid_on,
    ).outstanding
    if value > owed:
        raise invalid(
            "amount",
            _(
                "On %(day)s ¥%(owed)s is owed on this %(penalty)s; ¥%(amount)s is too much."
            )
            % {
                "day": paid_on,
                "owed": owed,
                "penalty": penalty.get_type_display(),
                "amount": value,
            },
        )
    payment = FinePayment(
        penalty=penalty,
        paid_on=paid_on,
        amount=value,
        receipt_number=(receipt_number or "").strip(),
        recorded_by=by,
    )
    payment.full_clean(exclude=["penalty", "recorded_by"])
    payment.save()
    add_event(
        case,
        type=CaseEvent.Type.PAYMENT,
        by=by,
        note=f"{penalty.get_type_display()} ¥{value}",
        on=paid_on,
    )
    _meet_payment_clock(case, penalty.decision, by)
    return payment
