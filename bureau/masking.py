"""Display masks for identity numbers, bank accounts and phone numbers (PIPL §7)."""

import re

_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\uFF0D()（）]")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_MIN_HIDDEN = 4


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", value or "")


def _keep_last(value: str, visible: int) -> str:
    if len(value) <= visible:
        return "*" * len(value)
    return "*" * (len(value) - visible) + value[-visible:]


def mask_id_number(number: str) -> str:
    """Return the number as first 4 + stars + last 4 (`1101**********002X`).

    Numbers shorter than 18 characters keep only the last 4 visible; numbers of 4
    characters or fewer are fully starred.
    """
    number = _compact(number)
    if len(number) >= 18:
        return number[:4] + "*" * (len(number) - 8) + number[-4:]
    return _keep_last(number, 4)


def mask_bank_account(account: str) -> str:
    """Return the account as first 6 + stars + last 4 (`622202******1234`).

    Accounts too short to hide at least 4 digits that way keep only the last 4.
    """
    account = _compact(account)
    if len(account) - 10 >= _MIN_HIDDEN:
        return account[:6] + "*" * (len(account) - 10) + account[-4:]
    return _keep_last(account, 4)


def mask_phone(phone: str) -> str:
    """Return a mobile as `138****5678` and a landline as area code + stars + last 2.

    A +86/0086 country prefix is dropped; a landline without an area code keeps
    only its last 2 digits.
    """
    digits = _compact(phone)
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
            break
    if digits.startswith("86") and _MOBILE.match(digits[2:]):
        digits = digits[2:]
    if _MOBILE.match(digits):
        return digits[:3] + "****" + digits[-4:]
    if digits.startswith("0") and len(digits) > 5:
        # Beijing (010) and the 02x cities have 3-digit area codes; all others 4.
        area_length = 3 if digits[1] in "12" else 4
        area, local = digits[:area_length], digits[area_length:]
        return area + "-" + _keep_last(local, 2)
    return _keep_last(digits, 2)


# A phone number inside free text: 7 or more digits, maybe with +86, spaces or dashes.
_PHONE_IN_TEXT = re.compile(r"\+?\d[\d\s\-\u2010-\u2014\uFF0D]{5,}\d")
PHONE_SEPARATOR = "、"


def mask_phones(phones) -> str:
    """A person's phone numbers as one text, each masked by `mask_phone`.

    The one form every page, API field and export shows a list of numbers in.
    """
    return PHONE_SEPARATOR.join(mask_phone(phone) for phone in phones or () if phone)


def mask_contact(text: str) -> str:
    """Free contact text (`王芳 13812345678`) with every phone number in it masked."""
    return _PHONE_IN_TEXT.sub(lambda match: mask_phone(match.group()), text or "")
