"""Checks of one row against the rest of the file and against the register.

`FileState` remembers, across chunks, the first row of every ID number and
what the file says about every household (address, head). The register side
comes from one query per chunk (households.importing.lookups).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from households import labels
from households.importing import spec
from households.importing.lookups import HouseholdState, RegisteredPerson
from households.importing.rows import ParsedRow
from households.importing.villages import VillageIndex
from households.models.person import Relation

CREATE, UPDATE, UNCHANGED = "c", "u", "="


@dataclass(slots=True)
class Match:
    """How a valid row meets the register: its action and what the stage needs."""

    action: str
    person: RegisteredPerson | None = None
    values: tuple = ()  # relation, ethnicity, marital, residence, phones


@dataclass
class FileState:
    seen: dict[str, list] = field(default_factory=dict)  # id hash -> [row, action]
    households: dict[tuple[str, str], HouseholdState] = field(default_factory=dict)


class Matcher:
    """Applies the cross-row and register rules; reports earlier rows it invalidates."""

    def __init__(self, *, villages: VillageIndex, state: FileState, invalidate) -> None:
        self.villages = villages
        self.state = state
        self.invalidate = invalidate  # (row, action, column, message) -> None

    def match(self, parsed: ParsedRow, registered: list[RegisteredPerson] | None):
        household = (
            self.state.households.get(parsed.household_key)
            if parsed.household_key
            else None
        )
        if parsed.id_hash:
            self._duplicates(parsed)
        if household is not None:
            self._household(parsed, household)
        person = None
        if parsed.id_hash and registered:
            person = self._registered(parsed, registered)
        if parsed.problems:
            return None
        match = Match(CREATE) if person is None else self._changes(parsed, person)
        if parsed.id_hash:
            self.state.seen[parsed.id_hash][1] = match.action
        return match

    # --- within the file --------------------------------------------------------
    def _duplicates(self, parsed: ParsedRow) -> None:
        first = self.state.seen.get(parsed.id_hash)
        if first is None:
            self.state.seen[parsed.id_hash] = [parsed.row, None]
            return
        message = gettext(
            "The same ID number is on rows %(first)d and %(second)d; "
            "each person appears once."
        ) % {"first": first[0], "second": parsed.row}
        parsed.problems.append(("id_number", message))
        self.invalidate(first[0], first[1], "id_number", message)
        first[1] = None

    def _household(self, parsed: ParsedRow, household: HouseholdState) -> None:
        number = parsed.household_no
        problems = parsed.problems
        if household.dissolved_on:
            problems.append(
                (
                    "household_no",
                    gettext("Household %(number)s was dissolved on %(date)s.")
                    % {"number": number, "date": household.dissolved_on.isoformat()},
                )
            )
        if not household.exists:
            retired = self.villages.retired_problem(parsed.village)
            if retired:
                problems.append(("village_code", retired))
        address = parsed.address
        if address:
            if household.file_address and address != household.file_address:
                problems.append(
                    (
                        "address",
                        gettext(
                            "The address differs from row %(row)d of the same "
                            "household (%(address)s)."
                        )
                        % {
                            "row": household.file_address_row,
                            "address": household.file_address,
                        },
                    )
                )
            elif not household.file_address:
                household.file_address = address
                household.file_address_row = parsed.row
        elif not household.exists and not household.file_address:
            problems.append(
                (
                    "address",
                    gettext(
                        "Enter the address: household %(number)s is not in the "
                        "register yet."
                    )
                    % {"number": number},
                )
            )
        self._head(parsed, household)

    def _head(self, parsed: ParsedRow, household: HouseholdState) -> None:
        number = parsed.household_no
        if parsed.relation == Relation.HEAD:
            if household.head_row and household.head_row != parsed.row:
                message = gettext(
                    "Household %(number)s has two heads: rows %(first)d and %(second)d."
                ) % {
                    "number": number,
                    "first": household.head_row,
                    "second": parsed.row,
                }
                parsed.problems.append(("relation", message))
                first = self.state.seen.get(household.head_hash)
                self.invalidate(
                    household.head_row, first[1] if first else None, "relation", message
                )
                if first:
                    first[1] = None
            elif (
                household.register_head
                and parsed.id_hash
                and household.register_head != parsed.id_hash
            ):
                parsed.problems.append(
                    (
                        "relation",
                        gettext(
                            "Household %(number)s already has a head in the register; "
                            "change the head on the household's page first."
                        )
                        % {"number": number},
                    )
                )
            if not household.head_row:
                household.head_row = parsed.row
                household.head_hash = parsed.id_hash
        elif (
            parsed.relation
            and parsed.id_hash
            and parsed.id_hash == household.register_head
        ):
            parsed.problems.append(
                (
                    "relation",
                    gettext(
                        "This person is the head of household %(number)s in the "
                        "register; choose the new head on the household's page first."
                    )
                    % {"number": number},
                )
            )

    # --- against the register ---------------------------------------------------
    def _registered(
        self, parsed: ParsedRow, registered: list[RegisteredPerson]
    ) -> RegisteredPerson | None:
        if len(registered) > 1:
            parsed.problems.append(
                (
                    "id_number",
                    gettext(
                        "More than one person in the register has this ID number; "
                        "the duplicate must be resolved before this row can be imported."
                    ),
                )
            )
            return None
        person = registered[0]
        if person.household is None or not self.villages.township_visible(
            person.township
        ):
            parsed.problems.append(
                (
                    "id_number",
                    gettext(
                        "This ID number is already in the register, outside your "
                        "townships' households; ask the bureau to check it."
                    ),
                )
            )
            return person
        if parsed.household_key and person.household != parsed.household_key:
            village, number = person.household
            parsed.problems.append(
                (
                    "id_number",
                    gettext(
                        "This person is registered in household %(number)s of "
                        "%(village)s; moving them to another household needs a "
                        "correction."
                    )
                    % {"number": number, "village": self.villages.label(village)},
                )
            )
            return person
        differences = self._core_differences(parsed, person)
        if differences:
            parsed.problems.append(
                (
                    differences[0][0],
                    gettext(
                        "Core facts differ from the register (%(changes)s): raise a "
                        "correction instead of importing them."
                    )
                    % {"changes": "; ".join(text for _, text in differences)},
                )
            )
        return person

    @staticmethod
    def _core_differences(
        parsed: ParsedRow, person: RegisteredPerson
    ) -> list[tuple[str, str]]:
        differences = []

        def differ(column: str, register, file, shown=str) -> None:
            if file and register != file:
                differences.append(
                    (
                        column,
                        f"{spec.LABELS[column]}: {shown(register)} → {shown(file)}",
                    )
                )

        differ("name", person.name, parsed.name)
        differ("sex", person.sex, parsed.sex, lambda v: labels.SEX.get(v, v))
        differ(
            "birth_date",
            person.birth_date,
            parsed.birth_date,
            lambda v: v.isoformat() if v else "",
        )
        differ(
            "document_type",
            person.document_type,
            parsed.document_type,
            lambda v: labels.DOCUMENT_TYPE.get(v, v),
        )
        return differences

    @staticmethod
    def _changes(parsed: ParsedRow, person: RegisteredPerson) -> Match:
        """Non-core facts: an empty cell keeps what the register holds."""
        current = (
            person.relation,
            person.ethnicity,
            person.marital_status,
            person.residence_status,
            person.phones,
        )
        wanted = (
            parsed.relation or person.relation,
            person.ethnicity if parsed.ethnicity is None else parsed.ethnicity,
            parsed.marital_status or person.marital_status,
            parsed.residence_status or person.residence_status,
            person.phones if parsed.phones is None else parsed.phones,
        )
        action = UNCHANGED if wanted == current else UPDATE
        return Match(action, person=person, values=wanted)
