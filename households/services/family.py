"""A household and its members registered together, all or nothing."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from households.idnumbers import DocumentType, IdNumberError, check_id_number
from households.models import Household, Person
from households.models.person import Relation
from households.plausibility import old_enough_to_parent
from households.services.register import register_household, register_person

# Who is registered first: the head (so the others can be linked to them), then the
# head's generation and the one above it, then everyone else, then the children.
_ORDER: dict[str, int] = {Relation.HEAD: 0, Relation.SPOUSE: 1, Relation.PARENT: 1}
_CHILDREN = {Relation.SON, Relation.DAUGHTER}


@dataclass(eq=False)
class FamilyError(Exception):
    """What refused the family: the household's errors and each member row's (by index)."""

    household: ValidationError | None = None
    members: dict[int, ValidationError] = field(default_factory=dict)

    def __str__(self) -> str:
        return _("The family was not registered: correct the marked fields.")


@dataclass
class Family:
    household: Household
    members: list[Person]


def _birth_date(values: Mapping) -> date | None:
    if values.get("birth_date"):
        return values["birth_date"]
    try:
        check = check_id_number(
            values.get("id_number", ""),
            document_type=values.get("document_type", DocumentType.RESIDENT_ID),
            today=timezone.localdate(),
        )
    except IdNumberError:
        return None
    return check.birth_date


def _with_parents(values: dict, parents: list[Person]) -> dict:
    """A child of the head gets the head and the spouse as mother and father when they
    are of the right sex and old enough (and none was chosen)."""
    if values.get("relation_to_head") not in _CHILDREN:
        return values
    born_on = _birth_date(values)
    for parent in parents:
        role = "mother" if parent.sex == "F" else "father"
        if values.get(role) is None and old_enough_to_parent(parent, born_on):
            values = {**values, role: parent}
    return values


def register_family(
    *, by, household: Mapping, members: Mapping[int, Mapping]
) -> Family:
    """Register a household (register_household) and its members (register_person).

    `members` maps a row index to register_person's arguments. Every rule of those
    services applies; if the household or any member is refused, nothing is written
    and FamilyError names every refused row. The head's children are linked to the
    head and the spouse as their parents where plausible.
    """
    with transaction.atomic():
        try:
            saved = register_household(by=by, **household)
        except ValidationError as error:
            raise FamilyError(household=error) from error
        persons, errors = _register_members(by, saved, members)
        if errors:
            raise FamilyError(members=errors)
        saved.refresh_from_db()
        return Family(household=saved, members=persons)


def _register_members(by, household: Household, members: Mapping[int, Mapping]):
    persons: dict[int, Person] = {}
    errors: dict[int, ValidationError] = {}
    parents: list[Person] = []
    order = sorted(
        members,
        key=lambda i: (_ORDER.get(str(members[i].get("relation_to_head")), 2), i),
    )
    for index in order:
        values = _with_parents(dict(members[index]), parents)
        try:
            # register_person's own transaction is a savepoint here, so a refused
            # member leaves the others to be checked; the caller then rolls back.
            person = register_person(by=by, household=household, **values)
        except ValidationError as error:
            errors[index] = error
            continue
        persons[index] = person
        if person.relation_to_head in (Relation.HEAD, Relation.SPOUSE):
            parents.append(person)
    return [persons[index] for index in sorted(persons)], errors
