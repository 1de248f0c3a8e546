"""Payout periods: "2026-03" for monthly schemes, "2026" for yearly ones."""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def index(self) -> int:
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> "Month":
        return cls(index // 12, index % 12 + 1)

    def next(self) -> "Month":
        return Month.from_index(self.index + 1)


def months_of(period: str) -> list[Month]:
    """The calendar months a period covers; ValidationError for a malformed period."""
    if match := _MONTH.match(period or ""):
        return [Month(int(match[1]), int(match[2]))]
    if match := _YEAR.match(period or ""):
        return [Month(int(match[1]), m) for m in range(1, 13)]
    raise ValidationError(
        {"period": [_("Write the period as 2026-03 (a month) or 2026 (a year).")]}
    )


def period_for(pay_every: str, day: date) -> str:
    """The period containing `day` for a scheme paid monthly or yearly."""
    return f"{day:%Y-%m}" if pay_every == "month" else f"{day:%Y}"


def period_start(period: str) -> date:
    return months_of(period)[0].start


def period_end(period: str) -> date:
    """The first day after the period."""
    return months_of(period)[-1].next().start
