"""Checks shared by the incentive services."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from bureau.workdays import add_working_days
from households.selectors import visible_persons


def invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def require_perm(by, permission: str) -> None:
    if not by.has_perm(permission):
        raise PermissionDenied(_("Your role may not do this."))


def require_visible_person(by, person, *, field: str = "person"):
    """The person, reloaded through the register's scope, with household and village."""
    found = (
        visible_persons(by)
        .select_related("household__village")
        .filter(pk=getattr(person, "pk", person))
        .first()
    )
    if found is None:
        raise invalid(field, _("Choose a person in one of your townships."))
    return found


def notice_end(start: date, scheme) -> date:
    """The last day of a public notice that starts on `start`."""
    if scheme.notice_unit == "working":
        return add_working_days(start, scheme.notice_days)
    return start + timedelta(days=scheme.notice_days)
