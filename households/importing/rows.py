"""One row of the register template, read and checked on its own (no database).

RowReader.read() turns the cells of one row into a ParsedRow and the list of
problems it found. A row with problems still carries every value that could be
read (its ID hash, its household), so checks across rows — duplicates, two
heads — also see it.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import translation
from django.utils.translation import gettext

from bureau import crypto
from households.derived import ID_LOOKUP
from households.idnumbers import (
    DocumentType,
    IdCheck,
    IdNumberError,
    check_declared_facts,
)
from households.importing import spec
from households.importing.ids import check_id
from households.importing.villages import VillageIndex
from households.names import normalize_name

Problem = tuple[str, str]  # (column name, message)


@dataclass(slots=True)
class ParsedRow:
    row: int
    village: str = ""
    household_no: str = ""
    address: str = ""
    name: str = ""
    document_type: str = DocumentType.RESIDENT_ID
    check: IdCheck | None = None
    id_hash: str = ""
    sex: str = ""
    birth_date: date | None = None
    relation: str = ""
    ethnicity: str | None = None
    marital_status: str | None = None
    residence_status: str | None = None
    phones: list[str] | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # (village code, household number) once both are valid
    household_key: tuple[str, str] | None = None


def _required(name: str) -> str:
    return gettext("%(column)s is required.") % {"column": spec.LABELS[name]}


def _id_problem(raw: str, error: IdNumberError) -> str:
    if "E+" in raw.upper() or ("." in raw and raw.replace(".", "").isdigit()):
        return gettext(
            "Excel turned the ID number into a number (%(value)s) and lost digits; "
            "format the column as text and type the number again."
        ) % {"value": raw}
    return error.message


class RowReader:
    """Reads rows for one importer on one day; `villages` knows what the user may import."""

    def __init__(self, *, villages: VillageIndex, today: date) -> None:
        self.villages = villages
        self.today = today
        self.language = translation.get_language()

    def read(self, row: int, cells: dict[str, str]) -> ParsedRow:
        parsed = ParsedRow(row=row)
        problems = parsed.problems
        get = cells.get
        parsed.household_no = self._text(
            problems, "household_no", get("household_no", ""), required=True
        )
        village = get("village_code", "")
        if not village:
            problems.append(("village_code", _required("village_code")))
        else:
            try:
                code = spec.parse_village_code(village)
            except spec.CellError as error:
                problems.append(("village_code", error.message))
            else:
                message = self.villages.problem(code)
                if message:
                    problems.append(("village_code", message))
                else:
                    parsed.village = code
        parsed.address = self._text(problems, "address", get("address", ""))
        name = normalize_name(get("name", ""))
        parsed.name = self._text(problems, "name", name, required=True)
        if get("document_type"):
            parsed.document_type = self._choice(problems, "document_type", get)
        declared_sex = None
        if sex := get("sex", ""):
            declared_sex = spec.SEX_VALUES.get(sex.casefold())
            if declared_sex is None:
                problems.append(("sex", spec.sex_problem(sex)))
        declared_birth = None
        if birth := get("birth_date", ""):
            try:
                declared_birth = spec.parse_date(birth, today=self.today)
            except spec.CellError as error:
                problems.append(("birth_date", error.message))
        self._read_id(parsed, get("id_number", ""), declared_sex, declared_birth)
        if get("relation"):
            parsed.relation = self._choice(problems, "relation", get)
        else:
            problems.append(("relation", _required("relation")))
        if get("marital_status"):
            parsed.marital_status = self._choice(problems, "marital_status", get)
        if get("residence_status"):
            parsed.residence_status = self._choice(problems, "residence_status", get)
        if ethnicity := get("ethnicity", ""):
            parsed.ethnicity = self._text(problems, "ethnicity", ethnicity)
        if phone := get("phone", ""):
            try:
                parsed.phones = spec.parse_phones(phone)
            except spec.CellError as error:
                problems.append(("phone", error.message))
        if parsed.village and parsed.household_no:
            parsed.household_key = (parsed.village, parsed.household_no)
        return parsed

    @staticmethod
    def _text(problems: list, column: str, text: str, *, required: bool = False) -> str:
        if not text:
            if required:
                problems.append((column, _required(column)))
            return ""
        limit = spec.MAX_LENGTHS[column]
        if len(text) > limit:
            problems.append((column, spec.too_long(limit, text)))
            return ""
        return text

    @staticmethod
    def _choice(problems: list, column: str, get) -> str:
        text = get(column, "")
        table, _ = spec.ENUMERATIONS[column]
        code = table.get(text.casefold())
        if code is None:
            try:
                code = spec.parse_choice(column, text)
            except spec.CellError as error:
                problems.append((column, error.message))
                return ""
        return code

    def _read_id(
        self,
        parsed: ParsedRow,
        raw: str,
        declared_sex: str | None,
        declared_birth: date | None,
    ) -> None:
        problems = parsed.problems
        if not raw:
            problems.append(("id_number", _required("id_number")))
            return
        if not parsed.document_type:
            return
        try:
            check = check_id(
                raw,
                document_type=parsed.document_type,
                today=self.today,
                language=self.language,
            )
        except IdNumberError as error:
            problems.append(("id_number", _id_problem(raw, error)))
            return
        parsed.check = check
        parsed.id_hash = crypto.blind_index(check.number, purpose=ID_LOOKUP)
        for warning in check.warnings:
            parsed.warnings.append(("id_number", warning))
        if declared_sex and declared_sex != check.sex:
            for message in check_declared_facts(
                check, sex=declared_sex, birth_date=None
            ):
                problems.append(("sex", message))
        if declared_birth and declared_birth != check.birth_date:
            for message in check_declared_facts(
                check, sex=None, birth_date=declared_birth
            ):
                problems.append(("birth_date", message))
        parsed.sex = check.sex or declared_sex or ""
        parsed.birth_date = check.birth_date or declared_birth
        if parsed.sex and parsed.birth_date:
            return
        reported = {column for column, _ in problems}
        if not parsed.sex and "sex" not in reported:
            problems.append(
                ("sex", gettext("Enter the sex: this document does not carry it."))
            )
        if not parsed.birth_date and "birth_date" not in reported:
            problems.append(
                (
                    "birth_date",
                    gettext("Enter the birth date: this document does not carry it."),
                )
            )
