"""Generated register rows: realistic, deterministic, keyed like the register template.

`generate_register_rows` yields rows keyed like the register template (household_no,
village_code, … phone) with the values a bureau's spreadsheet holds (男, 户主, 已婚, 常住).
The same (persons, seed, villages, district_code) always gives the same rows, byte for byte:
ages are counted from a fixed day, never from today. `build_register` loads them through the
import pipeline (so every rule and the audit apply) and adds migrant records and county
agreements; it is safe to run twice.
"""

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from households import labels
from households.demo import tables as data
from households.idnumbers import DocumentType, with_check_character

AS_OF = date(2026, 1, 1)
DEFAULT_SEED = 20260101
DOCUMENT_LABEL = labels.DOCUMENT_TYPE[DocumentType.RESIDENT_ID]
ROW_KEYS = (
    "household_no",
    "village_code",
    "address",
    "name",
    "document_type",
    "id_number",
    "sex",
    "birth_date",
    "ethnicity",
    "relation",
    "marital_status",
    "residence_status",
    "phone",
)

# Household sizes 1..7 with a mean of about 2.9 (performance.md §4.2).
_SIZES = (1, 2, 3, 4, 5, 6, 7)
_SIZE_WEIGHTS = (20, 27, 22, 15, 9, 5, 2)
_INFLOW_HOUSEHOLDS = 0.035
_MOVED_AWAY_ADULTS = 0.045


@dataclass
class Member:
    relation: str
    sex: str
    age: int
    marital: str = "unmarried"


class _Picker:
    """Weighted choice with precomputed cumulative weights (random.choices is slower)."""

    def __init__(self, items: Sequence[tuple[str, int]]) -> None:
        self.values = [value for value, _ in items]
        self.cumulative = list(accumulate(weight for _, weight in items))

    def __call__(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


_SURNAME = _Picker(data.SURNAMES)
_ETHNICITY = _Picker(data.ETHNICITIES)


class _Generator:
    def __init__(
        self, *, seed: int, villages: Sequence[tuple[str, str]], district_code: str
    ):
        if not villages:
            raise ValueError("The demo register needs at least one village.")
        self.seed = seed
        self.district_code = district_code
        self.villages = list(villages)
        village_rng = random.Random(f"{seed}:villages")  # noqa: S311 - demo data, not secrets
        self.village_weights = list(
            accumulate(village_rng.uniform(0.5, 1.5) for _ in self.villages)
        )
        self.household_counts = [0] * len(self.villages)
        self.used_ids: set[str] = set()

    # --- people -------------------------------------------------------------
    def surname(self, rng: random.Random) -> str:
        if rng.random() < data.COMPOUND_SHARE:
            return rng.choice(data.COMPOUND_SURNAMES)
        return _SURNAME(rng)

    def given_name(self, rng: random.Random, *, sex: str, birth_year: int) -> str:
        era = "old" if birth_year < 1970 else "mid" if birth_year < 2000 else "young"
        pool = (data.GIVEN_MALE if sex == "M" else data.GIVEN_FEMALE)[era]
        length = 1 if rng.random() < 0.25 else 2
        given = "".join(rng.choice(pool) for _ in range(length))
        if rng.random() < data.RARE_SHARE:
            given = given[:-1] + rng.choice(data.RARE_CHARACTERS)
        return given

    def birth_date(self, rng: random.Random, age: int) -> date:
        return AS_OF - timedelta(days=age * 365 + age // 4 + rng.randrange(1, 365))

    def id_number(
        self, rng: random.Random, *, region: str, born: date, sex: str
    ) -> str:
        order = rng.randrange(500) * 2 + (1 if sex == "M" else 0)
        for _ in range(500):
            body = f"{region}{born:%Y%m%d}{order:03d}"
            if body not in self.used_ids:
                self.used_ids.add(body)
                return with_check_character(body)
            order = (order + 2) % 1000
        raise RuntimeError(f"No free ID sequence left for {region} {born}.")

    def region(self, rng: random.Random, *, born: date, migrant: bool) -> str:
        if not migrant:
            return self.district_code
        known = [
            c for c, _, start, end in data.MIGRANT_COUNTIES if start <= born.year <= end
        ]
        return rng.choice(known or [data.MIGRANT_COUNTIES[0][0]])

    def phone(self, rng: random.Random, age: int) -> str:
        if age < 16 or rng.random() > (0.5 if age >= 75 else 0.88):
            return ""
        return rng.choice(data.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"

    # --- households ---------------------------------------------------------
    def members(self, rng: random.Random, size: int) -> list[Member]:
        """Head first, then spouse, children, parents; ages and marital status consistent."""
        shape = rng.random()
        head_sex = "M" if rng.random() < 0.78 else "F"
        if size == 1:
            head_sex = rng.choice("MF")
            age = rng.randint(22, 88)
            marital = _single_status(rng, age)
            return [Member("head", head_sex, age, marital)]
        if size == 2 and shape < 0.25:
            age = rng.randint(38, 66)
            head = Member("head", head_sex, age, rng.choice(("divorced", "widowed")))
            return [head, *_children(rng, parent_age=age, count=1)]
        if size == 2 and shape < 0.40:
            age = rng.randint(25, 55)
            parent_sex = rng.choice("MF")
            parent = Member("parent", parent_sex, age + rng.randint(22, 36), "widowed")
            return [Member("head", head_sex, age, "unmarried"), parent]
        three_generations = size >= 5 and shape < 0.3
        if three_generations:
            return _three_generations(rng, head_sex=head_sex, size=size)
        with_parents = size >= 3 and shape > (0.85 if size == 3 else 0.7)
        parents = 0 if not with_parents else (2 if size >= 6 and shape > 0.85 else 1)
        children = size - 2 - parents
        # Couples without children at home range from newly-weds to the elderly.
        age = (
            rng.randint(24, 42) + 5 * (children - 1)
            if children
            else rng.randint(25, 82)
        )
        age = min(age, 58 if parents else 82)
        members = _couple(rng, head_sex=head_sex, age=age)
        mother_age = min(m.age for m in members)
        members += _children(rng, parent_age=mother_age, count=children)
        members += _parents(rng, child_age=age, count=parents)
        return members

    def household(self, index: int) -> list[dict[str, str]]:
        rng = random.Random(f"{self.seed}:household:{index}")  # noqa: S311 - demo data, not secrets
        size = rng.choices(_SIZES, weights=_SIZE_WEIGHTS)[0]
        slot = rng.choices(range(len(self.villages)), cum_weights=self.village_weights)[
            0
        ]
        code, village_name = self.villages[slot]
        self.household_counts[slot] += 1
        sequence = self.household_counts[slot]
        number = f"{sequence:05d}"
        address = _address(rng, code=code, village_name=village_name, sequence=sequence)
        inflow = rng.random() < _INFLOW_HOUSEHOLDS
        ethnicity = _ETHNICITY(rng)
        members = self.members(rng, size)
        head_surname = self.surname(rng)
        spouse_surname = self.surname(rng)
        # Children carry the father's surname; the head's father carries the head's.
        husband_is_spouse = members[0].sex == "F" and any(
            m.relation == "spouse" for m in members
        )
        child_surname = spouse_surname if husband_is_spouse else head_surname
        rows = []
        for member in members:
            surname = {
                "head": head_surname,
                "spouse": spouse_surname,
                "son": child_surname,
                "daughter": child_surname,
                "grandchild": child_surname,
            }.get(member.relation, "")
            if member.relation == "parent" and member.sex == "M":
                surname = head_surname
            surname = surname or self.surname(rng)
            born = self.birth_date(rng, member.age)
            if ethnicity == "维吾尔族":
                name = "·".join(rng.sample(data.UYGHUR_GIVEN, 2))
            else:
                name = surname + self.given_name(
                    rng, sex=member.sex, birth_year=born.year
                )
            status = "moved_in" if inflow else "resident"
            if (
                not inflow
                and 18 <= member.age <= 50
                and rng.random() < _MOVED_AWAY_ADULTS
            ):
                status = "moved_away"
            region = self.region(rng, born=born, migrant=inflow)
            rows.append(
                {
                    "household_no": number,
                    "village_code": code,
                    "address": address,
                    "name": name,
                    "document_type": DOCUMENT_LABEL,
                    "id_number": self.id_number(
                        rng, region=region, born=born, sex=member.sex
                    ),
                    "sex": labels.SEX[member.sex],
                    "birth_date": born.isoformat(),
                    "ethnicity": ethnicity,
                    "relation": labels.RELATION[member.relation],
                    "marital_status": labels.MARITAL_STATUS[member.marital],
                    "residence_status": labels.RESIDENCE_STATUS[status],
                    "phone": self.phone(rng, member.age),
                }
            )
        return rows


def _single_status(rng: random.Random, age: int) -> str:
    if age < 30:
        return "unmarried" if rng.random() < 0.85 else "divorced"
    if age < 60:
        return rng.choices(("unmarried", "divorced", "widowed"), weights=(30, 45, 25))[
            0
        ]
    return rng.choices(("widowed", "divorced", "unmarried"), weights=(75, 15, 10))[0]


def _couple(rng: random.Random, *, head_sex: str, age: int) -> list[Member]:
    spouse_age = age + (rng.randint(-5, 2) if head_sex == "M" else rng.randint(-2, 5))
    spouse_age = max(spouse_age, 20 if head_sex == "M" else 22)
    spouse_sex = "F" if head_sex == "M" else "M"
    return [
        Member("head", head_sex, age, "married"),
        Member("spouse", spouse_sex, spouse_age, "married"),
    ]


def _children(rng: random.Random, *, parent_age: int, count: int) -> list[Member]:
    """Children born when the younger parent was 21-36, two to eight years apart."""
    children = []
    age = parent_age - rng.randint(21, 28)
    for _ in range(count):
        if age < 0:
            break
        sex = "M" if rng.random() < 0.515 else "F"
        marital = "unmarried"
        if age >= 30 and rng.random() < 0.15:
            marital = "divorced"
        children.append(Member("son" if sex == "M" else "daughter", sex, age, marital))
        age -= rng.randint(2, 8)
    return children


def _parents(rng: random.Random, *, child_age: int, count: int) -> list[Member]:
    if not count:
        return []
    father_age = min(child_age + rng.randint(24, 34), 98)
    if count == 1:
        sex = "F" if rng.random() < 0.65 else "M"
        age = father_age - (3 if sex == "F" else 0)
        return [Member("parent", sex, age, "widowed")]
    return [
        Member("parent", "M", father_age, "married"),
        Member("parent", "F", father_age - rng.randint(0, 5), "married"),
    ]


def _three_generations(rng: random.Random, *, head_sex: str, size: int) -> list[Member]:
    """An older couple, their married son and his wife, and grandchildren."""
    son_age = rng.randint(25, 42)
    members = _couple(rng, head_sex=head_sex, age=son_age + rng.randint(24, 32))
    wife_age = max(son_age - rng.randint(0, 4), 22)
    members.append(Member("son", "M", son_age, "married"))
    members.append(Member("other", "F", wife_age, "married"))
    grandchildren = _children(rng, parent_age=wife_age, count=size - 4)
    members += [Member("grandchild", g.sex, g.age, g.marital) for g in grandchildren]
    return members


def _address(rng: random.Random, *, code: str, village_name: str, sequence: int) -> str:
    if int(code[9:]) < 200:  # 001-199: urban residents' committee (社区)
        road = data.ROADS[int(code[9:]) % len(data.ROADS)]
        building, rest = divmod(sequence - 1, 24)
        unit, room = divmod(rest, 8)
        floor, door = divmod(room, 2)
        return (
            f"{village_name}{road}{building // 10 + 1}号{building % 10 + 1}号楼"
            f"{unit + 1}单元{floor + 1}0{door + 1}室"
        )
    group, number = divmod(sequence - 1, 60)
    return f"{village_name}{group + 1}组{number + 1}号"


def generate_register_rows(
    *,
    persons: int,
    seed: int = DEFAULT_SEED,
    villages: Sequence[tuple[str, str]],
    district_code: str,
) -> Iterator[dict[str, str]]:
    """Yield `persons` register rows (whole households, head first) for `villages`.

    Deterministic for the same arguments. About 5% are migrants: whole households that
    moved in (ID numbers from other real counties) and adults who moved away for work.
    The last household is cut short if needed so exactly `persons` rows come out.
    """
    generator = _Generator(seed=seed, villages=villages, district_code=district_code)
    produced = 0
    index = 0
    while produced < persons:
        members = generator.household(index)
        index += 1
        yield from members[: persons - produced]
        produced += min(len(members), persons - produced)
