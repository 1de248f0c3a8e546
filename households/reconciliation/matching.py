"""Matching checked rows of a shared file against the register; nothing is written here.

Each matcher returns drafts of queue items (dicts of ReconciliationItem fields). The
register is read in a handful of queries per file — all persons named by the file's ID
numbers at once, all candidate children at once — never one query per row.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Q

from bureau import crypto
from bureau.masking import mask_id_number
from households.models import Person, ReconciliationItem
from households.models.person import ResidenceStatus
from households.reconciliation.formats import Event, HospitalRow, PoliceRow
from households.selectors import id_number_hash

Kind = ReconciliationItem.Kind


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _difference(field: str, register, source) -> dict:
    return {"field": field, "register": register, "source": source}


def _township(person: Person | None) -> str | None:
    if person is None or person.household_id is None:
        return None
    return person.household.village.township_id


def _persons_by_hash(hashes: Iterable[str]) -> dict[str, Person]:
    """The register's person for each hash; the oldest record when a number is duplicated."""
    found: dict[str, Person] = {}
    persons = (
        Person.objects.filter(id_number_hash__in=set(hashes))
        .select_related("household__village")
        .order_by("pk")
    )
    for person in persons:
        found.setdefault(person.id_number_hash, person)
    return found


def _draft(kind, *, row: int, person, township, facts, differences) -> dict:
    return {
        "kind": kind,
        "source_row": row,
        "person": person,
        "township_id": township,
        "source_facts": facts,
        "differences": differences,
    }


def _hospital_facts(row: HospitalRow) -> dict:
    number = row.mother.number if row.mother else ""
    return {
        "mother_id_number": crypto.encrypt(number),
        "mother_id_masked": mask_id_number(number),
        "child_name": row.child_name,
        "child_sex": row.child_sex,
        "birth_date": _iso(row.birth_date),
        "hospital": row.hospital,
    }


def _children(mothers: Iterable[Person]) -> dict[int, list[Person]]:
    """For each mother: her household's other members and every child recorded as hers."""
    mothers = list(mothers)
    households = {m.household_id for m in mothers if m.household_id}
    candidates = (
        Person.objects.filter(
            Q(household_id__in=households) | Q(mother_id__in=[m.pk for m in mothers])
        )
        .select_related("household__village")
        .order_by("pk")
    )
    by_household, by_mother = defaultdict(list), defaultdict(list)
    for person in candidates:
        if person.household_id:
            by_household[person.household_id].append(person)
        if person.mother_id:
            by_mother[person.mother_id].append(person)
    children: dict[int, list[Person]] = {}
    for mother in mothers:
        seen: dict[int, Person] = {}
        for person in by_mother[mother.pk] + by_household.get(mother.household_id, []):
            if person.pk != mother.pk:
                seen.setdefault(person.pk, person)
        children[mother.pk] = list(seen.values())
    return children


def _find_child(
    row: HospitalRow, mother: Person, candidates: list[Person], used: set[int]
) -> Person | None:
    """Same name and birth date; else same name (born after the mother); else her only
    recorded child born that day."""
    free = [c for c in candidates if c.pk not in used]
    for child in free:
        if child.name == row.child_name and child.birth_date == row.birth_date:
            return child
    named = [
        c for c in free if c.name == row.child_name and c.birth_date > mother.birth_date
    ]
    if named:
        return min(named, key=lambda c: abs((c.birth_date - row.birth_date).days))
    same_day = [
        c for c in free if c.mother_id == mother.pk and c.birth_date == row.birth_date
    ]
    return same_day[0] if len(same_day) == 1 else None


def match_hospital(rows: list[HospitalRow]) -> list[dict]:
    """Births missing from the register, facts that differ, and register births in the
    file's date range that the file does not list."""
    mothers = _persons_by_hash(id_number_hash(row.mother.number) for row in rows)
    children = _children(mothers.values())
    used: set[int] = set()
    drafts = []
    for row in rows:
        mother = mothers.get(id_number_hash(row.mother.number))
        facts = _hospital_facts(row)
        child = None
        if mother is not None:
            child = _find_child(row, mother, children[mother.pk], used)
        if child is None:
            drafts.append(
                _draft(
                    Kind.MISSING_FROM_REGISTER,
                    row=row.row,
                    person=mother,
                    township=_township(mother),
                    facts=facts,
                    differences=[
                        _difference(
                            "record",
                            None,
                            f"{row.child_name} {_iso(row.birth_date)}",
                        )
                    ],
                )
            )
            continue
        used.add(child.pk)
        differences = []
        if child.name != row.child_name:
            differences.append(_difference("name", child.name, row.child_name))
        if child.sex != row.child_sex:
            differences.append(_difference("sex", child.sex, row.child_sex))
        if child.birth_date != row.birth_date:
            differences.append(
                _difference("birth_date", _iso(child.birth_date), _iso(row.birth_date))
            )
        if differences:
            drafts.append(
                _draft(
                    Kind.FACTS_DIFFER,
                    row=row.row,
                    person=child,
                    township=_township(child),
                    facts=facts,
                    differences=differences,
                )
            )
    drafts.extend(_missing_from_source(rows, matched=used))
    return drafts


def _missing_from_source(rows: list[HospitalRow], *, matched: set[int]) -> list[dict]:
    """Persons in the district's register born within the file's dates with no row."""
    first = min(row.birth_date for row in rows)
    last = max(row.birth_date for row in rows)
    persons = (
        Person.objects.filter(birth_date__range=(first, last), household__isnull=False)
        .exclude(pk__in=matched)
        .select_related("household__village")
        .order_by("birth_date", "pk")
    )
    period = {"period_start": _iso(first), "period_end": _iso(last)}
    return [
        _draft(
            Kind.MISSING_FROM_SOURCE,
            row=0,
            person=person,
            township=_township(person),
            facts=period,
            differences=[
                _difference("record", f"{person.name} {_iso(person.birth_date)}", None)
            ],
        )
        for person in persons
    ]


def _police_facts(row: PoliceRow) -> dict:
    number = row.person.number
    return {
        "id_number": crypto.encrypt(number),
        "id_masked": mask_id_number(number),
        "event": row.event,
        "event_date": _iso(row.event_date),
        "name": row.name,
        "sex": row.sex,
        "birth_date": _iso(row.birth_date),
    }


def _fact_differences(row: PoliceRow, person: Person) -> list[dict]:
    differences = []
    if row.name and row.name != person.name:
        differences.append(_difference("name", person.name, row.name))
    sex = row.sex or row.person.sex
    if sex and sex != person.sex:
        differences.append(_difference("sex", person.sex, sex))
    birth = row.birth_date or row.person.birth_date
    if birth and birth != person.birth_date:
        differences.append(
            _difference("birth_date", _iso(person.birth_date), _iso(birth))
        )
    return differences


def _event_differences(row: PoliceRow, person: Person) -> list[dict]:
    if row.event == Event.DEATH:
        if person.is_alive:
            return [
                _difference("is_alive", True, False),
                _difference("died_on", None, _iso(row.event_date)),
            ]
        if person.died_on != row.event_date:
            return [_difference("died_on", _iso(person.died_on), _iso(row.event_date))]
        return []
    if not person.is_alive and (
        person.died_on is None or row.event_date > person.died_on
    ):
        return [_difference("is_alive", False, True)]
    if row.event == Event.MOVE_OUT and person.residence_status != (
        ResidenceStatus.MOVED_AWAY
    ):
        return [
            _difference(
                "residence_status", person.residence_status, ResidenceStatus.MOVED_AWAY
            )
        ]
    if (
        row.event == Event.MOVE_IN
        and person.residence_status == ResidenceStatus.MOVED_AWAY
    ):
        return [
            _difference(
                "residence_status", person.residence_status, ResidenceStatus.MOVED_IN
            )
        ]
    return []


def match_police(rows: list[PoliceRow]) -> list[dict]:
    """Events of numbers the register lacks; deaths, moves-out and facts the register
    disagrees with.

    A death or move-out of a number the register does not hold is queued like a birth
    or move-in of one (missing from the register, no township): the person may be
    registered under another number or never have been entered, and someone must check.
    """
    persons = _persons_by_hash(id_number_hash(row.person.number) for row in rows)
    drafts = []
    for row in rows:
        person = persons.get(id_number_hash(row.person.number))
        facts = _police_facts(row)
        if person is None:
            drafts.append(
                _draft(
                    Kind.MISSING_FROM_REGISTER,
                    row=row.row,
                    person=None,
                    township=None,
                    facts=facts,
                    differences=[
                        _difference(
                            "record",
                            None,
                            row.name or mask_id_number(row.person.number),
                        )
                    ],
                )
            )
            continue
        differences = _fact_differences(row, person) + _event_differences(row, person)
        if differences:
            drafts.append(
                _draft(
                    Kind.FACTS_DIFFER,
                    row=row.row,
                    person=person,
                    township=_township(person),
                    facts=facts,
                    differences=differences,
                )
            )
    return drafts
