"""Registering a lead (it opens a 两非 case) and paying its reporter's reward."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.models import Township, User
from casework.models import Case, CaseEvent, Lead, ReporterReward
from casework.services._common import (
    add_event,
    invalid,
    locked_case,
    money,
    require,
    require_township,
    serves,
)
from casework.services.cases import open_case
from casework.workflow import Kind, Status

# A reward is paid once the lead proved founded: not while it is checked or if it had no basis.
NO_REWARD_STATES = frozenset(
    {Status.LEAD_RECEIVED, Status.LEAD_VERIFICATION, Status.CLOSED_NO_BASIS}
)


@transaction.atomic
def register_lead(
    *,
    by: User,
    township: Township,
    source: str,
    title: str,
    received_at: dt.datetime | None = None,
    summary: str = "",
    reporter: str = "",
    handlers: Iterable[User] = (),
    petition: Case | None = None,
    reference: str = "",
) -> Case:
    """Log a lead with its source: it opens a 两非 case in "lead received".

    The reporter (name and contact) is sealed on the case, never on the lead.
    """
    require(by, "casework.add_lead", _("You may not register leads."))
    if source not in Lead.Source.values:
        raise invalid(
            "source", _("Unknown source of a lead: %(source)s") % {"source": source}
        )
    received_at = received_at or timezone.now()
    if received_at > timezone.now():
        raise invalid("received_at", _("A lead cannot be received in the future."))
    if petition is not None and (
        petition.kind != Kind.PETITION or not serves(by, petition.township_id)
    ):
        raise invalid("petition", _("Name a petition of your townships."))
    case = open_case(
        by=by,
        kind=Kind.LIANGFEI,
        township=township,
        title=title,
        summary=summary,
        reporter=reporter,
        handlers=handlers,
        opened_on=timezone.localtime(received_at).date(),
    )
    lead = Lead(
        case=case,
        source=source,
        received_at=received_at,
        petition=petition,
        reference=(reference or "").strip(),
    )
    lead.full_clean(exclude=["case", "petition"])
    lead.save()
    return case


def reward_problem(case: Case) -> str | None:
    if not hasattr(case, "lead"):
        return _("%(number)s did not come from a lead.") % {"number": case.number}
    if not case.has_sealed_reporter:
        return _("%(number)s has no known reporter to reward.") % {
            "number": case.number
        }
    if case.status in NO_REWARD_STATES:
        return _("A reward is paid only once the lead proved founded.")
    return None


def may_record_reward(user: User, case: Case) -> bool:
    return (
        user.has_perm("casework.add_reporterreward")
        and serves(user, case.township_id)
        and reward_problem(case) is None
    )


@transaction.atomic
def record_reward(
    *,
    by: User,
    case: Case,
    amount: Decimal | str,
    paid_on: dt.date,
    approved_by: User,
    note: str = "",
) -> ReporterReward:
    """A reward paid to the case's sealed reporter, approved by the head of the bureau."""
    require(by, "casework.add_reporterreward", _("You may not record rewards."))
    case = locked_case(case)
    require_township(by, case.township)
    problem = reward_problem(case)
    if problem:
        raise invalid("case", problem)
    if not approved_by.is_active or not approved_by.has_perm("casework.approve_reward"):
        raise PermissionDenied(
            _("%(user)s may not approve rewards.")
            % {"user": approved_by.full_name or approved_by.username}
        )
    if paid_on > timezone.localdate():
        raise invalid("paid_on", _("A payment cannot be dated in the future."))
    reward = ReporterReward(
        case=case,
        amount=money(amount),
        paid_on=paid_on,
        approved_by=approved_by,
        note=(note or "").strip(),
        recorded_by=by,
    )
    reward.full_clean(exclude=["case", "approved_by", "recorded_by"])
    reward.save()
    add_event(
        case,
        type=CaseEvent.Type.REWARD,
        by=by,
        note=f"¥{reward.amount} · {approved_by.full_name or approved_by.username}",
        on=paid_on,
    )
    return reward
