"""The contract between the domain apps and directive scoring.

Each app declares the figures it offers in its own `indicators.py` as a module-level
`INDICATORS` list of `Indicator`. The reports app collects them with `all_indicators()`;
no app imports reports, and reports imports no app by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from importlib import import_module
from typing import Any

from django.apps import apps


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


@dataclass(frozen=True)
class Period:
    """A calendar month: `start` is its first day, `end` the first day of the next."""

    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1)
        return cls(start=start, end=end)

    @classmethod
    def containing(cls, day: date) -> Period:
        return cls.month(day.year, day.month)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    def __str__(self) -> str:
        return f"{self.start:%Y-%m}"


@dataclass(frozen=True)
class Measure:
    """One township's figure. A rate carries its denominator so that scoring can apply
    the small-denominator rule; a count leaves `denominator` as None."""

    numerator: Decimal | int
    denominator: Decimal | int | None = None

    @property
    def value(self) -> Decimal | None:
        if self.denominator is None:
            return Decimal(self.numerator)
        if not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)


# (township codes, period) -> {township code: Measure}; a township with nothing to count
# may be left out of the mapping, and scoring reads it as a zero count.
Compute = Callable[[Iterable[str], Period], Mapping[str, Measure]]
# (township code, period) -> {village code: Measure}; the villages' figures add up to the
# township's (numerators and denominators alike), so a drill-down shows the same numbers.
ByVillage = Callable[[str, Period], Mapping[str, Measure]]
# (township code, period, village code or None) -> the rows counted in the numerator.
Records = Callable[[str, Period, str | None], Any]


@dataclass(frozen=True)
class Indicator:
    code: str  # stable, dotted by app: "households.open_corrections"
    label: str  # translatable (gettext_lazy)
    unit: str  # "count", "percent", "days"
    direction: Direction
    compute: Compute
    description: str = ""
    by_village: ByVillage | None = None
    records: Records | None = None


def all_indicators() -> dict[str, Indicator]:
    """Every installed app's indicators by code, in app order; a repeated code is an error."""
    found: dict[str, Indicator] = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.indicators")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.indicators":
                raise
            continue
        for indicator in getattr(module, "INDICATORS", []):
            if indicator.code in found:
                raise ValueError(f"indicator code {indicator.code!r} is declared twice")
            found[indicator.code] = indicator
    return found
