"""The unified social credit code (统一社会信用代码, GB 32100-2015) of a provider.

python-stdnum checks the length, the character set and the check character, but wants the
first eight characters to be digits, so it refuses every code registered by the
authorities A (中央军委改革和编制办公室), N (农业) and Y (other). Those are checked here
with stdnum's own check-character computation; every code must also start with a known
registration authority (domain-china.md §1.3).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
AUTHORITIES = frozenset("123456789ANY")
LETTER_AUTHORITIES = frozenset("ANY")


def compact_credit_code(value: str) -> str:
    """The code without spaces or dashes, in capitals."""
    return uscc.compact(value or "")


def _check_letter_authority(code: str) -> None:
    """stdnum's rules for a code whose authority is a letter."""
    if len(code) != 18:
        raise stdnum_errors.InvalidLength()
    if code[1] not in ALPHABET or not code[2:8].isdigit():
        raise stdnum_errors.InvalidFormat()
    if any(char not in ALPHABET for char in code[8:]):
        raise stdnum_errors.InvalidFormat()
    if uscc.calc_check_digit(code) != code[-1]:
        raise stdnum_errors.InvalidChecksum()


def validate_credit_code(value: str) -> str:
    """The compacted code, or ValidationError saying what is wrong with it."""
    code = compact_credit_code(value)
    if code[:1] not in AUTHORITIES:
        raise ValidationError(
            _("%(code)s does not start with a registration authority (1-9, A, N or Y).")
            % {"code": code},
            code="credit_code_authority",
        )
    try:
        if code[0] in LETTER_AUTHORITIES:
            _check_letter_authority(code)
        else:
            uscc.validate(code)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("A unified social credit code has 18 characters; %(code)s has %(n)s.")
            % {"code": code, "n": len(code)},
            code="credit_code_length",
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("The check character of %(code)s is wrong.") % {"code": code},
            code="credit_code_checksum",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _(
                "%(code)s is not a unified social credit code: digits 3-8 are the "
                "region and the letters I, O, Z, S and V are never used."
            )
            % {"code": code},
            code="credit_code_format",
        ) from None
    return code


def credit_code_validator(value: str) -> None:
    """Model-field validator form of `validate_credit_code`."""
    if value:
        validate_credit_code(value)
