"""Derived columns of a person, computed the same way by services and bulk imports."""

from collections.abc import Mapping

from bureau import crypto
from households.idnumbers import IdCheck
from households.names import DEFAULT_SURNAME_READINGS, normalize_name, pinyin_keys

ID_LOOKUP = "id_number"


def id_columns(check: IdCheck) -> dict[str, str]:
    """Encrypted number, lookup hash and the visible parts lists show (no decryption)."""
    number = check.number
    return {
        "id_number_encrypted": crypto.encrypt(number),
        "id_number_hash": crypto.blind_index(number, purpose=ID_LOOKUP),
        "id_legacy_encrypted": crypto.encrypt(check.legacy_number)
        if check.legacy_number
        else "",
        "id_prefix": number[:6],
        "id_last4": number[-4:],
    }


def name_columns(
    name: str,
    *,
    manual_pinyin: str = "",
    surname_readings: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Normalised name with its pinyin, initials, search keys and sort key."""
    clean = normalize_name(name)
    keys = pinyin_keys(
        clean,
        surname_readings=surname_readings or DEFAULT_SURNAME_READINGS,
        manual_pinyin=manual_pinyin,
    )
    return {
        "name": clean,
        "name_pinyin": keys.pinyin[:200],
        "name_initials": keys.initials[:50],
        "name_search": keys.search[:500],
        "name_sort": keys.sort_key[:200],
    }


def surname_readings() -> dict[str, str]:
    """Built-in surname readings merged with the administrators' override table."""
    from households.models import SurnameReading

    readings = dict(DEFAULT_SURNAME_READINGS)
    readings.update(SurnameReading.objects.values_list("surname", "pinyin"))
    return readings
