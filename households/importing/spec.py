"""The register template: its columns, and how each cell's text becomes a value.

Parsers are pure functions that return the value or raise CellError with a
user-facing message (an English msgid, translated where the job runs).
"""

import re
from datetime import date, timedelta

from django.utils.translation import gettext

from bureau.spreadsheets import Column
from households import labels
from households.idnumbers import DocumentType
from households.models.person import MaritalStatus, Relation, ResidenceStatus

TEMPLATE_COLUMNS = (
    Column(
        "household_no", ("户编号", "household_no", "household number", "户号"), True
    ),
    Column("village_code", ("村居代码", "village_code", "村(居)代码", "村代码"), True),
    Column("address", ("地址", "address", "家庭住址", "住址"), True),
    Column("name", ("姓名", "name"), True),
    Column("document_type", ("证件类型", "document_type", "document type")),
    Column(
        "id_number",
        (
            "证件号码",
            "id_number",
            "ID number",
            "身份证号码",
            "身份证号",
            "公民身份号码",
        ),
        True,
    ),
    Column("sex", ("性别", "sex")),
    Column("birth_date", ("出生日期", "birth_date", "birth date")),
    Column("ethnicity", ("民族", "ethnicity")),
    Column("relation", ("与户主关系", "relation", "relation_to_head"), True),
    Column("marital_status", ("婚姻状况", "marital_status", "marital status")),
    Column("residence_status", ("居住状态", "residence_status", "residence status")),
    Column("phone", ("联系电话", "phone", "phones", "电话", "手机号码")),
)
LABELS = {column.name: column.headers[0] for column in TEMPLATE_COLUMNS}
MAX_LENGTHS = {
    "household_no": 30,
    "address": 200,
    "name": 100,
    "ethnicity": 20,
}
EXAMPLE_ROW = {
    "household_no": "00001",
    "village_code": "370102001201",
    "address": "幸福村1组1号",
    "name": "张伟",
    "document_type": "居民身份证",
    "id_number": "370102198001010019",
    "sex": "男",
    "birth_date": "1980-01-01",
    "ethnicity": "汉族",
    "relation": "户主",
    "marital_status": "已婚",
    "residence_status": "常住",
    "phone": "13800138000、0531-88888888",
}


class CellError(ValueError):
    """A cell that cannot be read; `message` is user-facing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _aliases(labels_by_code: dict, extra: dict[str, str], choices) -> dict[str, str]:
    table: dict[str, str] = {}
    for code, label in choices:
        table[str(code).casefold()] = str(code)
        table[str(label).casefold()] = str(code)
    for code, word in labels_by_code.items():
        table[word.casefold()] = str(code)
    for word, code in extra.items():
        table[word.casefold()] = str(code)
    return table


SEX_VALUES = {
    "男": "M",
    "女": "F",
    "m": "M",
    "f": "F",
    "male": "M",
    "female": "F",
    "男性": "M",
    "女性": "F",
}
DOCUMENT_TYPES = _aliases(
    labels.DOCUMENT_TYPE,
    {"身份证": DocumentType.RESIDENT_ID, "其他": DocumentType.OTHER},
    DocumentType.choices,
)
RELATIONS = _aliases(
    labels.RELATION,
    {
        "本人": Relation.HEAD,
        "妻": Relation.SPOUSE,
        "夫": Relation.SPOUSE,
        "妻子": Relation.SPOUSE,
        "丈夫": Relation.SPOUSE,
        "儿子": Relation.SON,
        "长子": Relation.SON,
        "次子": Relation.SON,
        "女儿": Relation.DAUGHTER,
        "长女": Relation.DAUGHTER,
        "次女": Relation.DAUGHTER,
        "父亲": Relation.PARENT,
        "母亲": Relation.PARENT,
        "父": Relation.PARENT,
        "母": Relation.PARENT,
        "孙子": Relation.GRANDCHILD,
        "孙女": Relation.GRANDCHILD,
    },
    Relation.choices,
)
MARITAL_STATUSES = _aliases(
    labels.MARITAL_STATUS,
    {"有配偶": MaritalStatus.MARRIED, "初婚": MaritalStatus.MARRIED},
    MaritalStatus.choices,
)
RESIDENCE_STATUSES = _aliases(labels.RESIDENCE_STATUS, {}, ResidenceStatus.choices)
ENUMERATIONS = {
    "document_type": (DOCUMENT_TYPES, labels.DOCUMENT_TYPE),
    "relation": (RELATIONS, labels.RELATION),
    "marital_status": (MARITAL_STATUSES, labels.MARITAL_STATUS),
    "residence_status": (RESIDENCE_STATUSES, labels.RESIDENCE_STATUS),
}

_FULL_WIDTH_DIGITS = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)})
_SEPARATED_DATE = re.compile(
    r"^(\d{4})\s*[-/.年－／]\s*(\d{1,2})\s*[-/.月－／]\s*(\d{1,2})\s*日?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_SERIAL = re.compile(r"^(\d{1,5})(?:\.0+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_EARLIEST = date(1900, 1, 1)
_VILLAGE_CODE = re.compile(r"^\d{12}$")
_PHONE_SPLIT = re.compile(r"[,;，；、/\s]+")
_PHONE_NOISE = re.compile(r"[\-\u2010-\u2015\uff0d()（）]")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")
_AREA_CODE = re.compile(r"^0\d{2,3}$")
_LOCAL_NUMBER = re.compile(r"^\d{7,8}$")


def ascii_digits(text: str) -> str:
    return text.translate(_FULL_WIDTH_DIGITS)


def too_long(limit: int, text: str) -> str:
    return gettext("At most %(limit)d characters; this cell has %(count)d.") % {
        "limit": limit,
        "count": len(text),
    }


def parse_village_code(text: str) -> str:
    code = ascii_digits(text).replace(" ", "")
    if not _VILLAGE_CODE.match(code):
        raise CellError(
            gettext("A village code has 12 digits, like 370102001201; got %(value)s.")
            % {"value": text}
        )
    return code


def parse_choice(name: str, text: str) -> str:
    """The stored code for an enumeration cell (Chinese word, code or English label)."""
    table, words = ENUMERATIONS[name]
    code = table.get(text.casefold().replace(" ", ""))
    if code is None:
        raise CellError(
            gettext("%(value)s is not allowed here; use one of: %(choices)s.")
            % {"value": text, "choices": "、".join(words.values())}
        )
    return code


def sex_problem(text: str) -> str:
    return gettext("Write the sex as 男 or 女 (or M/F); got %(value)s.") % {
        "value": text
    }


def parse_date(text: str, *, today: date) -> date:
    """A date written YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD or as an Excel serial."""
    text = ascii_digits(text).strip()
    match = _SEPARATED_DATE.match(text) or _COMPACT_DATE.match(text)
    try:
        if match:
            value = date(int(match[1]), int(match[2]), int(match[3]))
        elif serial := _EXCEL_SERIAL.match(text):
            value = _EXCEL_EPOCH + timedelta(days=int(serial[1]))
        else:
            raise CellError(
                gettext("%(value)s is not a date; write it as YYYY-MM-DD.")
                % {"value": text}
            )
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, CellError):
            raise
        raise CellError(
            gettext("%(value)s is not a real date.") % {"value": text}
        ) from exc
    if value > today:
        raise CellError(
            gettext("The date %(date)s is in the future.") % {"date": value.isoformat()}
        )
    if value < _EARLIEST:
        raise CellError(
            gettext("The date %(date)s is before 1900.") % {"date": value.isoformat()}
        )
    return value


def _phone_tokens(text: str) -> list[str]:
    tokens = [t for t in _PHONE_SPLIT.split(ascii_digits(text)) if t]
    joined: list[str] = []
    for token in tokens:
        # "0531 88888888": an area code split from its number by the space.
        if joined and _AREA_CODE.match(joined[-1]) and _LOCAL_NUMBER.match(token):
            joined[-1] += token
        else:
            joined.append(token)
    return joined


def parse_phones(text: str) -> list[str]:
    """Mobile (1[3-9] + 9 digits) or landline numbers with their area code."""
    phones: list[str] = []
    for token in _phone_tokens(text):
        number = _PHONE_NOISE.sub("", token)
        if number.startswith("+86"):
            number = number[3:]
        elif number.startswith("0086"):
            number = number[4:]
        if not (_MOBILE.match(number) or _LANDLINE.match(number)):
            raise CellError(
                gettext(
                    "%(value)s is not a phone number: a mobile number has 11 digits "
                    "starting with 13-19, a landline starts with its area code "
                    "(0531-88888888)."
                )
                % {"value": token}
            )
        if number not in phones:
            phones.append(number)
    return phones
