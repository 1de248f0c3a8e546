"""Family plausibility: who can be a person's mother or father, and ages that look wrong.

The register cannot know a family's history (adoption, remarriage), so only the
parent choice is narrowed; an age order that looks wrong is a warning, never a refusal.
"""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from households.models import Household, Person
from households.models.person import Relation

# A parent is at least this many years older than their child.
PARENT_AGE_GAP_YEARS = 15

# Generations relative to the head: a higher number must be the younger person.
_GENERATION: dict[str, int] = {
    Relation.PARENT: -1,
    Relation.HEAD: 0,
    Relation.SPOUSE: 0,
    Relation.SON: 1,
    Relation.DAUGHTER: 1,
    Relation.GRANDCHILD: 2,
}


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def latest_parent_birth_date(child_born_on: date) -> date:
    """The latest birth date a parent of someone born on `child_born_on` can have."""
    return years_before(child_born_on, PARENT_AGE_GAP_YEARS)


def old_enough_to_parent(parent: Person, child_born_on: date | None) -> bool:
    if child_born_on is None or parent.birth_date is None:
        return True
    return parent.birth_date <= latest_parent_birth_date(child_born_on)


def plausible_parents(
    household: Household | None,
    *,
    sex: str,
    born_on: date | None = None,
    exclude: Person | None = None,
) -> QuerySet[Person]:
    """Members of `household` of that sex, old enough to be the parent of `born_on`."""
    if household is None:
        return Person.objects.none()
    members = household.members.filter(sex=sex)
    if born_on is not None:
        members = members.filter(birth_date__lte=latest_parent_birth_date(born_on))
    if exclude is not None and exclude.pk:
        members = members.exclude(pk=exclude.pk)
    return members.order_by("birth_date", "pk")


def _generation(person: Person) -> int | None:
    return _GENERATION.get(person.relation_to_head)


def _out_of_order(younger: Person, older: Person) -> bool:
    """True when `younger` should be younger than `older` by generation but is not."""
    young_gen, old_gen = _generation(younger), _generation(older)
    if young_gen is None or old_gen is None or young_gen <= old_gen:
        return False
    return younger.birth_date <= older.birth_date


def _warning(younger: Person, older: Person) -> str:
    return _(
        "%(person)s is recorded as %(relation)s but is not younger than "
        "%(other)s (%(other_relation)s): check the relations and birth dates."
    ) % {
        "person": younger.name,
        "relation": younger.get_relation_to_head_display(),
        "other": older.name,
        "other_relation": older.get_relation_to_head_display(),
    }


def age_order_warnings(person: Person) -> list[str]:
    """Warnings when `person` is older than a member of an older generation, or the reverse.

    A child of the head older than the head, the head's spouse or the head's parent is
    the common case (a wrong relation or a mistyped ID number).
    """
    household = person.household
    if household is None or _generation(person) is None:
        return []
    warnings = []
    others = household.members.filter(is_alive=True).exclude(pk=person.pk)
    for other in others.order_by("birth_date", "pk"):
        if _out_of_order(person, other):
            warnings.append(_warning(person, other))
        elif _out_of_order(other, person):
            warnings.append(_warning(other, person))
    return warnings


def family_warnings(persons: list[Person]) -> list[str]:
    """Age-order warnings among persons registered together, each pair once."""
    warnings = []
    for younger in persons:
        for older in persons:
            if younger is not older and _out_of_order(younger, older):
                warnings.append(_warning(younger, older))
    return warnings
