"""Helpers every reports service shares: permission and township checks, clocks."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from bureau import clocks
from bureau.models import DeadlineClock, User
from bureau.roles import Role
from bureau.scoping import townships_for
from reports.models import DirectiveItem

Rule = DirectiveItem.Rule
RECTIFICATION_DAYS = 15
LEDGER_CLOCK = "reports-ledger-task"
PLAN_CLOCK = "reports-rectification-plan"
WARN_DAYS = 3


def _require(user: User, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(_("Your role may not do this."))


def _require_township(user: User, township_id: str) -> None:
    if not townships_for(user).filter(code=township_id).exists():
        raise PermissionDenied(_("This township is not one you serve."))


def _staff_of(township_ids) -> list[User]:
    return list(
        User.objects.filter(townships__in=list(township_ids), is_active=True).distinct()
    )


def _start_clock(*, subject, township, kind, label, due_on, today, by, link):
    """A core deadline clock due on `due_on`: the township's staff are warned a few days
    before, the chief is told once it has passed."""
    days = max((due_on - today).days, 1)
    return clocks.start_clock(
        subject=subject,
        township=township,
        kind=kind,
        label=label,
        days=days,
        unit=DeadlineClock.Unit.CALENDAR,
        by=by,
        started_on=today,
        warn_before=min(WARN_DAYS, days - 1),
        warn_users=_staff_of([township.pk]),
        escalate_role=Role.CHIEF,
        end_on_working_day=False,
        link=link,
    )


def _decimal(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ValidationError({field: _("Enter a number.")}) from error
