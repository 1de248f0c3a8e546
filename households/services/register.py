"""Households, persons and migrations: the register's everyday writes."""

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.audit import audit_context
from bureau.concurrency import lock_version
from households.derived import id_columns, name_columns, surname_readings
from households.idnumbers import DocumentType
from households.models import Household, MigrantRecord, Person
from households.models.corrections import CORE_FACTS, NON_CORE_FACTS
from households.models.person import MaritalStatus, Relation, ResidenceStatus
from households.services import rules

HOUSEHOLD_FIELDS = frozenset({"address", "grid_cell", "grid_staff", "number", "head"})
PERSON_FIELDS = frozenset(NON_CORE_FACTS)


def _refuse_unknown(changes: dict, allowed: frozenset[str]) -> None:
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(unknown)}")


def _full_clean(instance, *, exclude=()) -> None:
    instance.full_clean(
        exclude=list(exclude), validate_unique=False, validate_constraints=False
    )


def _locked(model, instance, expected_version: int):
    """The row, locked for this transaction; ConflictError when its version moved on."""
    return lock_version(model, pk=instance.pk, expected_version=expected_version)


def _refuse_taken_number(household: Household) -> None:
    taken = Household.objects.filter(
        village_id=household.village_id, number=household.number
    )
    if taken.exclude(pk=household.pk).exists():
        raise rules.invalid(
            "number", _("This household number is already used in the village.")
        )


def register_household(
    *, by, village, number: str, address: str, grid_cell: str = "", grid_staff=None
) -> Household:
    """Create a household in a village `by` serves; its number is unique in the village."""
    with transaction.atomic(), audit_context(user=by.pk, action="register_household"):
        rules.require_visible_village(by, village)
        rules.require_grid_staff(grid_staff, village=village)
        household = Household(
            village=village,
            number=(number or "").strip(),
            address=(address or "").strip(),
            grid_cell=(grid_cell or "").strip(),
            grid_staff=grid_staff,
        )
        _full_clean(household, exclude=["head"])
        _refuse_taken_number(household)
        household.save()
        return household


def update_household(
    *, by, household: Household, expected_version: int, **changes
) -> Household:
    """Change address, grid, number or head; a stale version raises ConflictError, nothing written.

    A new head must be a member; they become the head and the previous head becomes "other".
    """
    _refuse_unknown(changes, HOUSEHOLD_FIELDS)
    with transaction.atomic(), audit_context(user=by.pk, action="update_household"):
        rules.require_visible_household(by, household, field="household")
        current = _locked(Household, household, expected_version)
        if "grid_staff" in changes:
            rules.require_grid_staff(changes["grid_staff"], village=current.village)
        for field, value in changes.items():
            setattr(current, field, value.strip() if isinstance(value, str) else value)
        _full_clean(current, exclude=["head"])
        _refuse_taken_number(current)
        if "head" in changes:
            _change_head(current, changes["head"])
        current.version += 1
        current.save()
        return current


def _change_head(household: Household, head: Person | None) -> None:
    member = None
    if head is not None:
        member = Person.objects.select_for_update().get(pk=head.pk)
        if member.household_id != household.pk:
            raise rules.invalid(
                "head", _("The head must be a member of the household.")
            )
    previous = Person.objects.select_for_update().filter(
        household=household, relation_to_head=Relation.HEAD
    )
    if head is not None:
        previous = previous.exclude(pk=head.pk)
    for person in previous:
        person.relation_to_head = Relation.OTHER
        person.version += 1
        person.save(update_fields=["relation_to_head", "version", "updated_at"])
    if member is not None and member.relation_to_head != Relation.HEAD:
        member.relation_to_head = Relation.HEAD
        member.version += 1
        member.save(update_fields=["relation_to_head", "version", "updated_at"])
    household.head = member


def register_person(
    *,
    by,
    household: Household,
    name: str,
    id_number: str,
    document_type: str = DocumentType.RESIDENT_ID,
    sex: str | None = None,
    birth_date: date | None = None,
    relation_to_head: str = Relation.OTHER,
    ethnicity: str = "",
    marital_status: str = MaritalStatus.UNKNOWN,
    residence_status: str = ResidenceStatus.RESIDENT,
    phones=(),
    mother: Person | None = None,
    father: Person | None = None,
    manual_pinyin: str = "",
    today: date | None = None,
) -> Person:
    """Add a person with a valid, unused ID number to a household; at most one head.

    Sex and birth date come from the number; entered values must agree with it. The
    returned person carries `id_warnings` (e.g. an unknown region) for the page to show.
    """
    today = today or timezone.localdate()
    with transaction.atomic(), audit_context(user=by.pk, action="register_person"):
        rules.require_visible_household(by, household)
        check = rules.checked_id_number(
            id_number,
            document_type=document_type,
            sex=sex,
            birth_date=birth_date,
            today=today,
        )
        if not (name or "").strip():
            raise rules.invalid("name", _("Enter the name."))
        rules.require_visible_parent(by, mother, field="mother", sex="F")
        rules.require_visible_parent(by, father, field="father", sex="M")
        columns = id_columns(check)
        rules.refuse_duplicate_number(columns["id_number_hash"])
        locked = None
        if relation_to_head == Relation.HEAD:
            locked = rules.lock_household_head(household)
        person = Person(
            household=household,
            relation_to_head=relation_to_head,
            manual_pinyin=(manual_pinyin or "").strip(),
            document_type=document_type,
            # checked_id_number() refused a document that gave neither.
            sex=cast(str, check.sex or sex),
            birth_date=cast(date, check.birth_date or birth_date),
            ethnicity=(ethnicity or "").strip(),
            marital_status=marital_status,
            residence_status=residence_status,
            mother=mother,
            father=father,
            phones=rules.clean_phones(phones),
            **columns,
            **name_columns(
                name, manual_pinyin=manual_pinyin, surname_readings=surname_readings()
            ),
        )
        _full_clean(person, exclude=["household", "mother", "father"])
        person.save()
        if locked is not None:
            locked.head = person
            locked.version += 1
            locked.save(update_fields=["head", "version", "updated_at"])
            household.head, household.version = person, locked.version
        person.id_warnings = list(check.warnings)
        return person


def changed_core_facts(person: Person, submitted: Mapping[str, Any]) -> dict[str, Any]:
    """The core facts (and document type) in `submitted` that differ from the person's.

    A client that sends a whole record back (an API PUT) repeats the core facts it
    cannot change; only those it changed are returned, so update_person refuses them
    by name. An ID number sent is always a change (the record never shows it whole).
    """
    current = {
        "name": person.name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "household": person.household_id,
        "is_alive": person.is_alive,
        "died_on": person.died_on.isoformat() if person.died_on else None,
        "document_type": person.document_type,
    }
    return {
        key: value
        for key, value in submitted.items()
        if key in {*CORE_FACTS, "document_type"}
        and str(value).lower() != str(current.get(key)).lower()
    }


def update_person(*, by, person: Person, expected_version: int, **changes) -> Person:
    """Change a person's non-core facts; core facts go through a correction.

    A stale version raises ConflictError and nothing is written. Becoming head keeps
    the one-head rule and points the household at the person.
    """
    core = sorted(set(changes) & {*CORE_FACTS, "document_type"})
    if core:
        raise ValidationError(
            {
                field: [_("This is a core fact: raise a correction to change it.")]
                for field in core
            }
        )
    _refuse_unknown(changes, PERSON_FIELDS)
    with transaction.atomic(), audit_context(user=by.pk, action="update_person"):
        rules.require_visible_person(by, person)
        current = _locked(Person, person, expected_version)
        if "mother" in changes:
            rules.require_visible_parent(by, changes["mother"], field="mother", sex="F")
        if "father" in changes:
            rules.require_visible_parent(by, changes["father"], field="father", sex="M")
        if current.pk in {
            getattr(changes.get(f), "pk", None) for f in ("mother", "father")
        }:
            raise rules.invalid("mother", _("A person cannot be their own parent."))
        if "phones" in changes:
            changes["phones"] = rules.clean_phones(changes["phones"])
        was_head = current.relation_to_head == Relation.HEAD
        for field, value in changes.items():
            setattr(current, field, value.strip() if isinstance(value, str) else value)
        if "manual_pinyin" in changes:
            for field, value in name_columns(
                current.name,
                manual_pinyin=current.manual_pinyin,
                surname_readings=surname_readings(),
            ).items():
                setattr(current, field, value)
        _full_clean(current, exclude=["household", "mother", "father"])
        _keep_one_head(current, was_head=was_head)
        current.version += 1
        current.save()
        return current


def _keep_one_head(person: Person, *, was_head: bool) -> None:
    is_head = person.relation_to_head == Relation.HEAD
    if is_head == was_head or person.household is None:
        return
    if is_head:
        household = rules.lock_household_head(person.household, except_person=person)
        household.head = person
    else:
        household = Household.objects.select_for_update().get(pk=person.household_id)
        if household.head_id != person.pk:
            return
        household.head = None
    household.version += 1
    household.save(update_fields=["head", "version", "updated_at"])


# The residence status a move leaves the person in, and the audit action naming it.
_MOVES = {
    MigrantRecord.Direction.OUTFLOW: (ResidenceStatus.MOVED_AWAY, "record_move_away"),
    MigrantRecord.Direction.INFLOW: (ResidenceStatus.MOVED_IN, "record_move_in"),
}


def record_move(
    *,
    by,
    person: Person,
    expected_version: int,
    direction: str,
    county_code: str,
    since: date,
    county_name: str = "",
    workplace: str = "",
    contact: str = "",
) -> MigrantRecord:
    """Record that a person left for another county ("outflow": they are then moved away)
    or came from one ("inflow": moved in). An open earlier record ends where this starts.

    A stale version raises ConflictError; a deceased person or a future date is refused.
    """
    if direction not in _MOVES:
        raise rules.invalid("direction", _("Choose inflow or outflow."))
    status, action = _MOVES[MigrantRecord.Direction(direction)]
    with transaction.atomic(), audit_context(user=by.pk, action=action):
        rules.require_visible_person(by, person)
        current = _locked(Person, person, expected_version)
        if not current.is_alive:
            raise rules.invalid("person", _("This person is recorded as deceased."))
        if since > timezone.localdate():
            raise rules.invalid("since", _("The date cannot be in the future."))
        record = MigrantRecord(
            person=current,
            direction=direction,
            county_code=(county_code or "").strip(),
            county_name=(county_name or "").strip(),
            since=since,
            workplace=(workplace or "").strip(),
            contact=(contact or "").strip(),
        )
        _full_clean(record, exclude=["person"])
        # An earlier open record ends where the new one starts.
        MigrantRecord.objects.filter(
            person=current, until__isnull=True, since__lte=since
        ).update(until=since)
        record.save()
        current.residence_status = status
        current.version += 1
        current.save(update_fields=["residence_status", "version", "updated_at"])
        return record
