"""The register as the import sees it: one set-based query per chunk for each table."""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db import connection

from bureau.models import Village
from households.models import Household, Person

_PERSONS_SQL = """
SELECT p.id_number_hash, p.id, p.version, p.name, p.sex, p.birth_date,
       p.document_type, h.village_id, h.number, v.township_id, p.relation_to_head,
       p.ethnicity, p.marital_status, p.residence_status, p.phones
FROM {person} p
LEFT JOIN {household} h ON h.id = p.household_id
LEFT JOIN {village} v ON v.code = h.village_id
WHERE p.id_number_hash = ANY(%s)
"""
_HOUSEHOLDS_SQL = """
SELECT h.village_id, h.number, h.id, h.version, h.address, h.dissolved_on,
       COALESCE(
           head.id_number_hash,
           (SELECT m.id_number_hash FROM {person} m
            WHERE m.household_id = h.id AND m.relation_to_head = %s
            ORDER BY m.id LIMIT 1)
       )
FROM {household} h
JOIN unnest(%s::varchar[], %s::varchar[]) AS k(village_id, number)
  ON h.village_id = k.village_id AND h.number = k.number
LEFT JOIN {person} head ON head.id = h.head_id
"""


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "person": quote(Person._meta.db_table),
        "household": quote(Household._meta.db_table),
        "village": quote(Village._meta.db_table),
    }


@dataclass(slots=True)
class RegisteredPerson:
    id: int
    version: int
    name: str
    sex: str
    birth_date: date
    document_type: str
    household: tuple[str, str] | None
    township: str | None
    relation: str
    ethnicity: str
    marital_status: str
    residence_status: str
    phones: list[str]


@dataclass(slots=True)
class HouseholdState:
    """A household as the file and the register know it while the import runs."""

    id: int | None
    version: int | None = None
    address: str = ""
    dissolved_on: date | None = None
    register_head: str = ""  # ID hash of the head in the register
    file_address: str = ""
    file_address_row: int = 0
    head_row: int = 0
    head_hash: str = ""

    @property
    def exists(self) -> bool:
        return self.id is not None


def registered_persons(hashes: Collection[str]) -> dict[str, list[RegisteredPerson]]:
    """Persons in the register by ID hash (a list: historic duplicates exist)."""
    found: dict[str, list[RegisteredPerson]] = defaultdict(list)
    if not hashes:
        return found
    with connection.cursor() as cursor:
        cursor.execute(_PERSONS_SQL.format(**_tables()), [list(hashes)])
        for row in cursor.fetchall():
            found[row[0]].append(
                RegisteredPerson(
                    id=row[1],
                    version=row[2],
                    name=row[3],
                    sex=row[4],
                    birth_date=row[5],
                    document_type=row[6],
                    household=(row[7], row[8]) if row[7] is not None else None,
                    township=row[9],
                    relation=row[10],
                    ethnicity=row[11],
                    marital_status=row[12],
                    residence_status=row[13],
                    phones=list(row[14] or ()),
                )
            )
    return found


def registered_households(
    keys: Collection[tuple[str, str]],
) -> dict[tuple[str, str], HouseholdState]:
    """Households in the register by (village code, number), with their head's ID hash."""
    if not keys:
        return {}
    villages = [k[0] for k in keys]
    numbers = [k[1] for k in keys]
    with connection.cursor() as cursor:
        cursor.execute(
            _HOUSEHOLDS_SQL.format(**_tables()),
            [Person.Relation.HEAD.value, villages, numbers],
        )
        return {
            (row[0], row[1]): HouseholdState(
                id=row[2],
                version=row[3],
                address=row[4],
                dissolved_on=row[5],
                register_head=row[6] or "",
            )
            for row in cursor.fetchall()
        }
