"""Checks shared by the register and correction services (not part of the public contract)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from bureau.scoping import visible_villages
from households import selectors
from households.idnumbers import (
    IdCheck,
    IdNumberError,
    check_declared_facts,
    check_id_number,
)
from households.models import Household, Person


def invalid(field: str, message: str) -> ValidationError:
    """A ValidationError keyed by one field."""
    return ValidationError({field: [message]})


def checked_id_number(
    raw: str,
    *,
    document_type: str,
    sex: str | None,
    birth_date: date | None,
    today: date,
) -> IdCheck:
    """Validate the number and that the entered sex and birth date agree with it.

    Documents that carry no sex or birth date (OTHER) need both entered.
    """
    try:
        check = check_id_number(raw, document_type=document_type, today=today)
    except IdNumberError as exc:
        raise invalid("id_number", exc.message) from exc
    errors: dict[str, list[str]] = {}
    for field, facts in (
        ("sex", {"sex": sex, "birth_date": None}),
        ("birth_date", {"sex": None, "birth_date": birth_date}),
    ):
        problems = check_declared_facts(check, **facts)
        if problems:
            errors[field] = problems
    if check.sex is None and not sex:
        errors["sex"] = [_("Enter the sex: this document does not carry it.")]
    if check.birth_date is None and not birth_date:
        errors["birth_date"] = [
            _("Enter the birth date: this document does not carry it.")
        ]
    if birth_date and birth_date > today:
        errors["birth_date"] = [_("The birth date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    return check


def refuse_duplicate_number(number_hash: str, *, person_pk: int | None = None) -> None:
    """Refuse a number already in the register; serialises writers of the same number.

    The message says only that the number exists: the other record may belong to a
    township the user may not see.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [number_hash])
    others = Person.objects.filter(id_number_hash=number_hash)
    if person_pk is not None:
        others = others.exclude(pk=person_pk)
    if others.exists():
        raise invalid("id_number", _("This ID number is already in the register."))


def require_visible_village(by, village) -> None:
    if not visible_villages(by).filter(pk=village.pk).exists():
        raise invalid("village", _("Choose a village in one of your townships."))


def require_visible_household(
    by, household: Household, *, field: str = "household"
) -> None:
    if not selectors.visible_households(by).filter(pk=household.pk).exists():
        raise invalid(field, _("Choose a household in one of your townships."))
    if household.dissolved_on is not None:
        raise invalid(field, _("This household has been dissolved."))


def require_visible_person(by, person: Person, *, field: str = "person") -> None:
    if not selectors.visible_persons(by).filter(pk=person.pk).exists():
        raise invalid(field, _("Choose a person in one of your townships."))


def require_visible_parent(by, parent: Person | None, *, field: str, sex: str) -> None:
    if parent is None:
        return
    if not selectors.visible_persons(by).filter(pk=parent.pk).exists():
        raise invalid(field, _("Choose a person in one of your townships."))
    if parent.sex != sex:
        message = (
            _("A mother must be female.") if sex == "F" else _("A father must be male.")
        )
        raise invalid(field, message)


def clean_phones(phones) -> list[str]:
    cleaned = [str(phone).strip() for phone in phones or () if str(phone).strip()]
    for phone in cleaned:
        if len(phone) > 20:
            raise invalid("phones", _("A phone number has at most 20 characters."))
    return cleaned


def lock_household_head(
    household: Household, *, except_person: Person | None = None
) -> Household:
    """Lock the household row and refuse a second head."""
    locked = Household.objects.select_for_update().get(pk=household.pk)
    heads = Person.objects.filter(
        household=locked, relation_to_head=Person.Relation.HEAD
    )
    if except_person is not None:
        heads = heads.exclude(pk=except_person.pk)
    has_other_head = locked.head_id is not None and (
        except_person is None or locked.head_id != except_person.pk
    )
    if has_other_head or heads.exists():
        raise invalid(
            "relation_to_head",
            _("This household already has a head; change the current head first."),
        )
    return locked


def require_grid_staff(grid_staff, *, village) -> None:
    """Grid staff, when given, serve the household's township as township staff."""
    if grid_staff is None:
        return
    candidates = selectors.grid_staff_candidates(townships=[village.township_id])
    if not candidates.filter(pk=grid_staff.pk).exists():
        raise invalid(
            "grid_staff",
            _("Grid staff must be township staff serving this household's township."),
        )
