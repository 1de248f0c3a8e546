"""Counties of China by GB/T 2260 code, for choosing where a migrant went or came from.

The list is the division table python-stdnum ships (the one the ID-number check uses),
historical codes included, so a county is found by its code or its name. Counties the
bureau has a service agreement with come first.
"""

import re
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from households.models import CountyAgreement

_YEARS = re.compile(r"^\[(\d*)-(\d*)\]")
_CODE = re.compile(r"\b(\d{6})\b")
# Table rows that group counties rather than name one.
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
LIMIT = 20


@dataclass(frozen=True)
class County:
    code: str
    name: str  # province, prefecture and county, e.g. 山东省济南市历下区
    short_name: str  # the county alone, e.g. 历下区
    current: bool = True

    @property
    def label(self) -> str:
        """What the lookup offers and the field accepts back: code, then name."""
        return f"{self.code} {self.name}"


def _parse(raw: str) -> tuple[str, bool]:
    """The name without its [from-to] years, and whether it is still in use."""
    match = _YEARS.match(raw)
    if not match:
        return raw, True
    return raw[match.end() :], not match.group(2)


def _walk() -> list[tuple[str, str, bool]]:
    from stdnum import numdb

    rows = []
    for _length, low, _high, props, children in numdb.get("cn/loc").prefixes:
        rows.append((low, props.get("province", ""), True))
        for _clength, clow, _chigh, cprops, _rest in children:
            name, current = _parse(cprops.get("county", ""))
            rows.append((low + clow, name, current))
    return rows


@cache
def all_counties() -> tuple[County, ...]:
    """Every county-level code in the table, current ones first."""
    provinces, prefectures, counties = {}, {}, []
    for code, name, current in _walk():
        if len(code) == 2:
            provinces[code] = name
        elif code.endswith("00"):
            prefectures[code[:4]] = "" if name in _PLACEHOLDERS else name
        elif name and name not in _PLACEHOLDERS:
            province = provinces.get(code[:2], "")
            prefecture = prefectures.get(code[:4], "")
            if prefecture == province:
                prefecture = ""
            counties.append(County(code, province + prefecture + name, name, current))
    counties.sort(key=lambda county: (not county.current, county.code))
    return tuple(counties)


def _by_code() -> dict[str, County]:
    found: dict[str, County] = {}
    for county in all_counties():
        found.setdefault(county.code, county)
    return found


def _agreements() -> list[County]:
    known = _by_code()
    return [
        known.get(code) or County(code, name, name)
        for code, name in CountyAgreement.objects.values_list(
            "county_code", "county_name"
        )
    ]


def search_counties(query: str, *, limit: int = LIMIT) -> list[County]:
    """Counties whose code starts with, or whose name contains, `query`.

    An empty query gives the counties with a service agreement.
    """
    text = (query or "").strip()
    agreements = _agreements()
    if not text:
        return agreements[:limit]
    digits = text.isdigit()
    matches = [
        county
        for county in [*agreements, *all_counties()]
        if (county.code.startswith(text) if digits else text in county.name)
    ]
    unique: dict[str, County] = {}
    for county in matches:
        unique.setdefault(county.code, county)
    return list(unique.values())[:limit]


class CountyNotFound(ValueError):
    """`message` says what to type instead (user-facing)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def resolve_county(text: str) -> County:
    """The county `text` names: a 6-digit code (also inside a chosen label) or a name.

    A code the table does not know is accepted as it is (new counties appear faster
    than the table is updated); a name must name exactly one county in use.
    """
    text = (text or "").strip()
    match = _CODE.search(text)
    if match:
        code = match.group(1)
        known = {county.code: county for county in _agreements()} | _by_code()
        return known.get(code) or County(code, "", "")
    if not text:
        raise CountyNotFound(_("Type the county's name or its 6-digit code."))
    named = [
        county
        for county in all_counties()
        if county.current and text in (county.short_name, county.name)
    ]
    if not named:
        named = [c for c in all_counties() if c.current and text in c.name]
    if len(named) == 1:
        return named[0]
    if not named:
        raise CountyNotFound(
            _("No county is called %(name)s; type its 6-digit code.") % {"name": text}
        )
    choices = "; ".join(county.label for county in named[:5])
    raise CountyNotFound(
        _("Several counties are called %(name)s (%(choices)s): type the code.")
        % {"name": text, "choices": choices}
    )
