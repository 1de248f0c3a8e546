"""Checks shared by the check-up services (not part of the public contract)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from bureau.concurrency import lock_version
from bureau.scoping import townships_for


def invalid(field: str, message: str) -> ValidationError:
    """A ValidationError keyed by one field."""
    return ValidationError({field: [message]})


def require_perm(by, permission: str) -> None:
    if not by.has_perm(permission):
        raise PermissionDenied(_("Your role may not do this."))


def serves(by, township) -> bool:
    """Whether `by` may see rows of `township` (a Township or its code)."""
    code = getattr(township, "code", township)
    return townships_for(by).filter(code=code).exists()


def require_township(by, township) -> None:
    if not serves(by, township):
        raise PermissionDenied(_("This record belongs to a township you do not serve."))


def locked(model, row, expected_version: int | None):
    """The row locked for this transaction, checked against the version the user saw."""
    if expected_version is None:
        return model._default_manager.select_for_update().get(pk=row.pk)
    return lock_version(model, pk=row.pk, expected_version=expected_version)


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def not_in_future(field: str, day: date, today: date) -> None:
    if day > today:
        raise invalid(field, _("The date cannot be in the future."))
