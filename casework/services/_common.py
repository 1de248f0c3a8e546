"""Checks shared by the casework services: permission, township, kind and state."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.models import Township, User
from bureau.scoping import townships_for
from casework.models import Case, CaseEvent
from casework.workflow import Kind, Status

MAX_YUAN = Decimal("10000000000")  # Decimal(12, 2)


def serves(user: User, township_id: str) -> bool:
    return townships_for(user).filter(pk=township_id).exists()


def require(by: User, perm: str, message: str) -> None:
    if not by.has_perm(perm):
        raise PermissionDenied(message)


def require_township(by: User, township: Township | str) -> None:
    code = getattr(township, "pk", township)
    if not serves(by, code):
        name = township if isinstance(township, Township) else code
        raise PermissionDenied(_("You do not serve %(township)s.") % {"township": name})


def locked_case(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("township").get(pk=case.pk)


def invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def state_label(status: str) -> str:
    return str(Status(status).label)


def liangfei_problem(case: Case, allowed: tuple[str, ...] = ()) -> str | None:
    """Why a sanctions-ledger write does not fit `case` now, or None if it does."""
    if case.kind != Kind.LIANGFEI:
        return _("%(number)s is not a 两非 case.") % {"number": case.number}
    if allowed and case.status not in allowed:
        return _(
            "%(number)s is %(current)s; this is recorded when it is %(allowed)s."
        ) % {
            "number": case.number,
            "current": state_label(case.status),
            "allowed": ", ".join(state_label(s) for s in allowed),
        }
    return None


def add_event(
    case: Case, *, type: str, by: User, note: str = "", on: dt.date | None = None
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, type=type, note=note, by=by, on=on or timezone.localdate()
    )


def money(value, field: str = "amount") -> Decimal:
    """A positive amount of yuan to the fen, or a ValidationError on `field`."""
    try:
        amount = Decimal(str(value).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise invalid(field, _("Give the amount in yuan, e.g. 500.00.")) from None
    if amount <= 0:
        raise invalid(field, _("The amount must be more than zero."))
    if amount >= MAX_YUAN:
        raise invalid(
            field,
            _("%(amount)s yuan is more than can be recorded.") % {"amount": amount},
        )
    return amount


def not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise invalid(field, _("%(day)s is in the future.") % {"day": day})
