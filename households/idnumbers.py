"""Chinese identity numbers (GB 11643-1999): normalising, checking and deriving facts."""

import functools
import re
from dataclasses import dataclass, replace
from datetime import date

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from bureau.masking import mask_id_number as mask_id_number


class DocumentType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident ID card")
    HMT_PERMIT = "hmt_permit", _("HK/Macao/Taiwan residence permit")
    FOREIGN_PR = "foreign_pr", _("Foreign permanent resident ID")
    OTHER = "other", _("Other document")


class IdNumberError(ValueError):
    """An identity number that must not be accepted; `message` is user-facing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class IdCheck:
    number: str
    legacy_number: str = ""
    birth_date: date | None = None
    sex: str | None = None
    region: str = ""
    warnings: tuple[str, ...] = ()


_FULL_WIDTH = str.maketrans(
    {**{chr(0xFF10 + d): str(d) for d in range(10)}, "Ｘ": "X", "ｘ": "X"}
)
# Whitespace (incl. NBSP and U+3000), zero-width characters, and hyphen look-alikes.
_DROPPED = re.compile(r"[\s\u200B-\u200D\u2060\uFEFF\-\u2010-\u2015\u2212\uFF0D]")
_DIGITS = re.compile(r"^[0-9]+$")
_HMT_PREFIXES = ("810000", "820000", "830000")
_EARLIEST_BIRTH = date(1900, 1, 1)
_OTHER_MAX_LENGTH = 32


def normalize_id_number(raw: str) -> str:
    """Return raw without spaces, zero-width characters or hyphens, in ASCII, X uppercased."""
    return _DROPPED.sub("", (raw or "").translate(_FULL_WIDTH)).upper()


def with_check_character(body: str) -> str:
    """The 18-character number whose first 17 digits are `body` (GB 11643 MOD 11-2)."""
    return body + ric.calc_check_digit(body + "0")


def convert_legacy_15(number: str) -> str:
    """Return the 18-digit form of a 15-digit legacy number (19 inserted, check added)."""
    if len(number) != 15 or not _DIGITS.match(number):
        raise IdNumberError(gettext("A legacy ID number has exactly 15 digits."))
    return with_check_character(number[:6] + "19" + number[6:])


def _birth_date(number: str) -> date:
    try:
        return ric.get_birth_date(number)
    except stdnum_errors.ValidationError as exc:
        raise IdNumberError(
            gettext("The birth date %(digits)s in the ID number is not a real date.")
            % {"digits": number[6:14]}
        ) from exc


@functools.cache
def _region_ever_existed(region: str) -> bool:
    """Whether a county code exists in any period of the division table.

    stdnum also requires the code to have been in force in the birth year, but the
    first six digits record where the number was first issued, often years after the
    birth, so a code valid at any time counts as known.
    """
    from stdnum import numdb

    parts = numdb.get("cn/loc").info(region)
    return any("county" in props for _part, props in parts)


def _check_structure(number: str, *, document_type: str, today: date) -> IdCheck:
    if len(number) != 18:
        if document_type == DocumentType.RESIDENT_ID:
            message = gettext(
                "An ID number has 18 characters (15 on a legacy card); "
                "this one has %(count)d."
            )
        else:
            message = gettext("An ID number has 18 characters; this one has %(count)d.")
        raise IdNumberError(message % {"count": len(number)})
    if not _DIGITS.match(number[:17]):
        raise IdNumberError(
            gettext("The first 17 characters of an ID number must be digits.")
        )
    # stdnum's ric.validate, step by step: its region rule is looser here (see
    # _region_ever_existed) and the region lookup is cached per code.
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise IdNumberError(
            gettext(
                "The check character of the ID number is %(actual)s but should be "
                "%(expected)s; a digit was probably mistyped."
            )
            % {"actual": number[17], "expected": expected}
        )
    birth = _birth_date(number)
    if birth > today:
        raise IdNumberError(
            gettext("The birth date in the ID number (%(date)s) is in the future.")
            % {"date": birth.isoformat()}
        )
    if birth < _EARLIEST_BIRTH:
        raise IdNumberError(
            gettext("The birth date in the ID number (%(date)s) is before 1900.")
            % {"date": birth.isoformat()}
        )
    warnings: tuple[str, ...] = ()
    if document_type == DocumentType.RESIDENT_ID and not _region_ever_existed(
        number[:6]
    ):
        warnings = (
            gettext(
                "Region code %(region)s is not in the list of known regions; "
                "check the number before saving."
            )
            % {"region": number[:6]},
        )
    return IdCheck(
        number=number,
        birth_date=birth,
        sex="M" if int(number[16]) % 2 else "F",
        region="" if document_type == DocumentType.FOREIGN_PR else number[:6],
        warnings=warnings,
    )


def check_id_number(
    raw: str, *, document_type: str = DocumentType.RESIDENT_ID, today: date
) -> IdCheck:
    """Return the normalised number and its derived facts, or raise IdNumberError.

    Resident IDs, HK/Macao/Taiwan permits (prefix 810000/820000/830000) and foreign
    permanent-resident IDs (leading 9) must have a valid MOD 11-2 check character and
    a real birth date between 1900-01-01 and `today`. The foreign PR rule assumes the
    2023 card uses the resident-ID checksum and birth-date positions (not yet verified
    against an official source). An unknown region is only a warning, and only for
    resident IDs; 15-digit legacy numbers are converted for resident IDs only.
    OTHER documents are only checked to be non-empty and at most 32 characters.
    """
    number = normalize_id_number(raw)
    if not number:
        raise IdNumberError(gettext("Enter an ID number."))
    if document_type == DocumentType.OTHER:
        if len(number) > _OTHER_MAX_LENGTH:
            raise IdNumberError(
                gettext(
                    "A document number has at most %(limit)d characters; "
                    "this one has %(count)d."
                )
                % {"limit": _OTHER_MAX_LENGTH, "count": len(number)}
            )
        return IdCheck(number=number)
    legacy = ""
    if document_type == DocumentType.RESIDENT_ID:
        if len(number) == 15:
            legacy, number = number, convert_legacy_15(number)
    elif document_type == DocumentType.HMT_PERMIT:
        if not number.startswith(_HMT_PREFIXES):
            raise IdNumberError(
                gettext(
                    "A Hong Kong, Macao or Taiwan residence permit number starts "
                    "with 810000, 820000 or 830000, not %(prefix)s."
                )
                % {"prefix": number[:6]}
            )
    elif document_type == DocumentType.FOREIGN_PR:
        if not number.startswith("9"):
            raise IdNumberError(
                gettext(
                    "A foreign permanent resident ID number starts with 9, "
                    "not %(first)s."
                )
                % {"first": number[:1]}
            )
    else:
        raise IdNumberError(
            gettext("Unknown document type %(type)s.") % {"type": document_type}
        )
    check = _check_structure(number, document_type=document_type, today=today)
    return replace(check, legacy_number=legacy) if legacy else check


def _sex_label(sex: str) -> str:
    return gettext("male") if sex == "M" else gettext("female")


def check_declared_facts(
    check: IdCheck, *, sex: str | None, birth_date: date | None
) -> list[str]:
    """Return one message per entered fact (sex "M"/"F", birth date) the number contradicts."""
    problems = []
    if sex in ("M", "F") and check.sex and sex != check.sex:
        problems.append(
            gettext("Sex entered as %(entered)s but the ID number says %(derived)s.")
            % {"entered": _sex_label(sex), "derived": _sex_label(check.sex)}
        )
    if birth_date and check.birth_date and birth_date != check.birth_date:
        problems.append(
            gettext(
                "Birth date entered as %(entered)s but the ID number says %(derived)s."
            )
            % {
                "entered": birth_date.isoformat(),
                "derived": check.birth_date.isoformat(),
            }
        )
    return problems
