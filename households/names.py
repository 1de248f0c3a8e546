"""Personal names: normalising, and pinyin keys for search and sort."""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin, pinyin

MIDDLE_DOT = "\u00b7"
_DOT_LOOKALIKES = str.maketrans(
    dict.fromkeys("\u2022\uff0e\u30fb\u2027\u22c5\uff65\u2219\u0387", MIDDLE_DOT)
)
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_SPACED_DOT = re.compile(r" ?\u00b7 ?")
_NOT_LETTERS = re.compile(r"[^a-z]+")
_UNKNOWN = "\x00"
_WORD_BREAKS = frozenset(" \t'’-." + MIDDLE_DOT)

# pypinyin reads these characters with their common reading, not the surname one.
DEFAULT_SURNAME_READINGS: dict[str, str] = {
    "单": "shan",
    "仇": "qiu",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "解": "xie",
    "曾": "zeng",
    "盖": "ge",
    "繁": "po",
    "覃": "qin",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "长孙": "zhangsun",
    "乐": "yue",
    "召": "shao",
    "员": "yun",
    "缪": "miao",
    "种": "chong",
    "秘": "bi",
    "薄": "bo",
    "翟": "zhai",
    "尉": "wei",
}


@dataclass(frozen=True)
class PinyinKeys:
    pinyin: str
    initials: str
    search: str
    sort_key: str


def normalize_name(raw: str) -> str:
    """Return raw trimmed, with single inner spaces and every middle dot as U+00B7."""
    text = _INVISIBLE.sub("", raw or "").translate(_DOT_LOOKALIKES)
    return _SPACED_DOT.sub(MIDDLE_DOT, " ".join(text.split()))


def _reading_words(reading: str) -> list[str]:
    text = reading.lower().replace("ü", "v").replace("u:", "v")
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    return _NOT_LETTERS.sub(" ", text).split()


def _split_syllables(chars: str, word: str) -> list[str] | None:
    candidates = [
        set(readings)
        for readings in pinyin(chars, style=Style.NORMAL, heteronym=True, v_to_u=False)
    ]
    if len(candidates) != len(chars):
        return None

    def split(position: int, rest: str) -> list[str] | None:
        if position == len(candidates):
            return [] if not rest else None
        for reading in sorted(candidates[position], key=len, reverse=True):
            if rest.startswith(reading):
                tail = split(position + 1, rest[len(reading) :])
                if tail is not None:
                    return [reading, *tail]
        return None

    return split(0, word)


def _syllables_for(chars: str, reading: str) -> list[str]:
    words = _reading_words(reading)
    if len(words) == 1 and len(chars) > 1:
        return _split_syllables(chars, words[0]) or words
    return words


def _pinyin_items(name: str) -> list[str]:
    """One item per character: its pinyin, or _UNKNOWN + the character itself."""
    return lazy_pinyin(
        name,
        style=Style.NORMAL,
        v_to_u=False,
        errors=lambda chars: [_UNKNOWN + c for c in chars],
    )


def _tokens(items: Sequence[str]) -> list[str | None]:
    """Syllables and Latin words in order; None marks a character with no reading."""
    tokens: list[str | None] = []
    latin = ""
    for item in items:
        char = item[1:] if item.startswith(_UNKNOWN) else ""
        if char and char.isascii() and char.isalnum():
            latin += char.lower()
            continue
        if latin:
            tokens.append(latin)
            latin = ""
        if not char:
            tokens.append(item)
        elif char not in _WORD_BREAKS and not char.isspace():
            tokens.append(None)
    if latin:
        tokens.append(latin)
    return tokens


def _joined(tokens: Sequence[str | None]) -> tuple[str, str]:
    words = [t for t in tokens if t]
    return "".join(words), "".join(w[0] for w in words)


def pinyin_keys(
    name: str,
    *,
    surname_readings: Mapping[str, str] | None = None,
    manual_pinyin: str = "",
) -> PinyinKeys:
    """Return pinyin, initials, a search string and a sort key for a name.

    The surname reading comes from surname_readings (two-character compound surnames
    are tried first); manual_pinyin, when given, decides pinyin, initials and sort key.
    search holds every variant (manual, surname override, pypinyin default) so any of
    them finds the person. Characters without a known reading sort as "~", after z.
    """
    name = normalize_name(name)
    readings = (
        DEFAULT_SURNAME_READINGS if surname_readings is None else surname_readings
    )
    items = _pinyin_items(name)
    default = _tokens(items)
    chosen = default
    for length in (2, 1):
        surname = name[:length]
        reading = readings.get(surname) if len(surname) == length else None
        readable = not any(i.startswith(_UNKNOWN) for i in items[:length])
        if reading and readable and _reading_words(reading):
            chosen = _tokens(_syllables_for(surname, reading) + items[length:])
            break
    variants = [_joined(chosen), _joined(default)]
    manual_words = _syllables_for(
        "".join(c for c in name if c not in _WORD_BREAKS), manual_pinyin
    )
    if manual_words:
        chosen = list(manual_words)
        variants.insert(0, _joined(chosen))
    full, initials = _joined(chosen)
    search = dict.fromkeys(part for pair in variants for part in pair if part)
    return PinyinKeys(
        pinyin=full,
        initials=initials,
        search=" ".join(search),
        sort_key="".join(t or "~" for t in chosen),
    )
