"""The two shared file formats, and how one row of each becomes checked values.

Hospital birth registry (住院分娩实名登记): the mother's ID number, the child's name,
sex and birth date, the hospital. Police household-registry events: an ID number, the
event (出生 / 死亡 / 迁入 / 迁出), its date, and optionally name, sex and birth date.
A reader returns the row's values or the problems it found, as the register import
reports them: (column header, reason).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import translation
from django.utils.translation import gettext

from bureau.spreadsheets import Column
from households.idnumbers import DocumentType, IdCheck, IdNumberError
from households.importing import spec
from households.importing.ids import check_id
from households.names import normalize_name

HOSPITAL_COLUMNS = (
    Column(
        "mother_id_number",
        (
            "母亲证件号码",
            "mother_id_number",
            "mother ID number",
            "母亲身份证号码",
            "母亲身份证号",
            "产妇身份证号",
        ),
        True,
    ),
    Column("child_name", ("婴儿姓名", "child_name", "child name", "新生儿姓名"), True),
    Column("child_sex", ("婴儿性别", "child_sex", "child sex", "新生儿性别"), True),
    Column("birth_date", ("出生日期", "birth_date", "birth date"), True),
    Column("hospital", ("医院", "hospital", "分娩医院", "助产机构")),
)

POLICE_COLUMNS = (
    Column(
        "id_number",
        ("证件号码", "id_number", "ID number", "身份证号码", "公民身份号码"),
        True,
    ),
    Column("event", ("事件", "event", "事件类型", "变动类型"), True),
    Column("event_date", ("日期", "event_date", "event date", "变动日期"), True),
    Column("name", ("姓名", "name")),
    Column("sex", ("性别", "sex")),
    Column("birth_date", ("出生日期", "birth_date", "birth date")),
)

HEADERS = {
    **{column.name: column.headers[0] for column in POLICE_COLUMNS},
    **{column.name: column.headers[0] for column in HOSPITAL_COLUMNS},
}
HOSPITAL_MAX = 100
NAME_MAX = 100


class Event:
    BIRTH = "birth"
    DEATH = "death"
    MOVE_IN = "move_in"
    MOVE_OUT = "move_out"


EVENTS = {
    "出生": Event.BIRTH,
    "出生登记": Event.BIRTH,
    "birth": Event.BIRTH,
    "死亡": Event.DEATH,
    "死亡注销": Event.DEATH,
    "death": Event.DEATH,
    "迁入": Event.MOVE_IN,
    "迁入登记": Event.MOVE_IN,
    "move_in": Event.MOVE_IN,
    "move in": Event.MOVE_IN,
    "迁出": Event.MOVE_OUT,
    "迁出注销": Event.MOVE_OUT,
    "move_out": Event.MOVE_OUT,
    "move out": Event.MOVE_OUT,
}
EVENT_WORDS = {
    Event.BIRTH: "出生",
    Event.DEATH: "死亡",
    Event.MOVE_IN: "迁入",
    Event.MOVE_OUT: "迁出",
}

Problem = tuple[str, str]  # (column header, message)


@dataclass(slots=True)
class HospitalRow:
    row: int
    mother: IdCheck | None = None
    child_name: str = ""
    child_sex: str = ""
    birth_date: date | None = None
    hospital: str = ""
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class PoliceRow:
    row: int
    person: IdCheck | None = None
    event: str = ""
    event_date: date | None = None
    name: str = ""
    sex: str = ""
    birth_date: date | None = None
    problems: list[Problem] = field(default_factory=list)


def _document_type(number: str) -> str:
    """Shared files carry no document type: HK/Macao/Taiwan and foreign numbers show it."""
    if number.startswith(("810000", "820000", "830000")):
        return DocumentType.HMT_PERMIT
    if number.startswith("9"):
        return DocumentType.FOREIGN_PR
    return DocumentType.RESIDENT_ID


def _required(name: str) -> Problem:
    return HEADERS[name], gettext("%(column)s is required.") % {"column": HEADERS[name]}


class RowReader:
    """Reads rows of either format on one day (dates after `today` are refused)."""

    def __init__(self, *, today: date) -> None:
        self.today = today
        self.language = translation.get_language()

    def hospital(self, row: int, cells: dict[str, str]) -> HospitalRow:
        parsed = HospitalRow(row=row)
        parsed.mother = self._id(parsed.problems, "mother_id_number", cells)
        parsed.child_name = self._name(parsed.problems, "child_name", cells, True)
        parsed.child_sex = self._sex(parsed.problems, "child_sex", cells, True)
        parsed.birth_date = self._date(parsed.problems, "birth_date", cells, True)
        hospital = cells.get("hospital", "")
        if len(hospital) > HOSPITAL_MAX:
            parsed.problems.append(
                (HEADERS["hospital"], spec.too_long(HOSPITAL_MAX, hospital))
            )
        parsed.hospital = hospital[:HOSPITAL_MAX]
        return parsed

    def police(self, row: int, cells: dict[str, str]) -> PoliceRow:
        parsed = PoliceRow(row=row)
        parsed.person = self._id(parsed.problems, "id_number", cells)
        parsed.event = self._event(parsed.problems, cells)
        parsed.event_date = self._date(parsed.problems, "event_date", cells, True)
        parsed.name = self._name(parsed.problems, "name", cells, False)
        parsed.sex = self._sex(parsed.problems, "sex", cells, False)
        parsed.birth_date = self._date(parsed.problems, "birth_date", cells, False)
        return parsed

    def _id(self, problems: list, name: str, cells: dict) -> IdCheck | None:
        raw = cells.get(name, "")
        if not raw:
            problems.append(_required(name))
            return None
        number = spec.ascii_digits(raw)
        try:
            return check_id(
                number,
                document_type=_document_type(number.strip()),
                today=self.today,
                language=self.language,
            )
        except IdNumberError as error:
            problems.append((HEADERS[name], error.message))
            return None

    @staticmethod
    def _name(problems: list, name: str, cells: dict, required: bool) -> str:
        text = normalize_name(cells.get(name, ""))
        if not text:
            if required:
                problems.append(_required(name))
            return ""
        if len(text) > NAME_MAX:
            problems.append((HEADERS[name], spec.too_long(NAME_MAX, text)))
            return ""
        return text

    @staticmethod
    def _sex(problems: list, name: str, cells: dict, required: bool) -> str:
        text = cells.get(name, "")
        if not text:
            if required:
                problems.append(_required(name))
            return ""
        sex = spec.SEX_VALUES.get(text.casefold())
        if sex is None:
            problems.append((HEADERS[name], spec.sex_problem(text)))
            return ""
        return sex

    def _date(
        self, problems: list, name: str, cells: dict, required: bool
    ) -> date | None:
        text = cells.get(name, "")
        if not text:
            if required:
                problems.append(_required(name))
            return None
        try:
            return spec.parse_date(text, today=self.today)
        except spec.CellError as error:
            problems.append((HEADERS[name], error.message))
            return None

    @staticmethod
    def _event(problems: list, cells: dict) -> str:
        text = cells.get("event", "")
        if not text:
            problems.append(_required("event"))
            return ""
        event = EVENTS.get(" ".join(text.split()).casefold())
        if event is None:
            problems.append(
                (
                    HEADERS["event"],
                    gettext("%(value)s is not an event; use one of: %(choices)s.")
                    % {"value": text, "choices": "、".join(EVENT_WORDS.values())},
                )
            )
            return ""
        return event
