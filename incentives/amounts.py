"""What an entitlement pays for a period: the rate tables, month by month.

Every rate line is turned into a monthly figure (a yearly rate is divided by 12) and
the national base and local top-ups in effect on the first of a month are added. A
month counts when the entitlement runs then; a beneficiary who died is paid up to the
month of death ("stop from the next month"). The childcare subsidy counts only the
months m with birth month < m <= birth month + 36 and m >= the scheme's start month.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from incentives.models import Rate
from incentives.models.schemes import SchemeKind
from incentives.periods import Month, months_of

CENT = Decimal("0.01")
TWELVE = Decimal(12)


class RateTable:
    """The rates of one scheme, loaded once, looked up per category and month."""

    def __init__(self, rates: Iterable[Rate]) -> None:
        self.rates = list(rates)
        self._cache: dict[tuple[str, int], Decimal] = {}

    @classmethod
    def for_scheme(cls, scheme) -> "RateTable":
        return cls(Rate.objects.filter(scheme=scheme))

    def monthly(self, category: str, month: Month) -> Decimal:
        key = (category, month.index)
        if key not in self._cache:
            day = month.start
            total = Decimal(0)
            for rate in self.rates:
                if rate.category not in ("", category):
                    continue
                if rate.effective_from > day or (
                    rate.effective_to is not None and rate.effective_to < day
                ):
                    continue
                total += (
                    rate.amount if rate.per == Rate.Per.MONTH else rate.amount / TWELVE
                )
            self._cache[key] = total
        return self._cache[key]


def childcare_months(birth_date: date, *, first_month: Month) -> list[Month]:
    """Months of childcare subsidy a child born on `birth_date` is owed, in order."""
    born = Month.of(birth_date).index
    start = max(born + 1, first_month.index)
    return [Month.from_index(i) for i in range(start, born + 37)]


def first_childcare_month(parameters: dict) -> Month:
    year, month = (parameters.get("first_month") or "2025-01").split("-")
    return Month(int(year), int(month))


def eligible_months(
    *,
    scheme,
    months: Sequence[Month],
    starts_on: date,
    ends_on: date | None,
    died_on: date | None,
    birth_date: date | None,
) -> list[Month]:
    """The months of `months` the entitlement pays."""
    first = Month.of(starts_on).index
    last = Month.of(ends_on).index if ends_on else None
    if died_on is not None:
        death = Month.of(died_on).index
        last = death if last is None else min(last, death)
    chosen = [
        m for m in months if m.index >= first and (last is None or m.index <= last)
    ]
    if scheme.kind == SchemeKind.CHILDCARE and birth_date is not None:
        owed = {
            m.index
            for m in childcare_months(
                birth_date, first_month=first_childcare_month(scheme.parameters)
            )
        }
        chosen = [m for m in chosen if m.index in owed]
    return chosen


def amount_for(
    *,
    scheme,
    table: RateTable,
    period: str,
    category: str,
    starts_on: date,
    ends_on: date | None = None,
    died_on: date | None = None,
    birth_date: date | None = None,
) -> Decimal:
    """Yuan owed for `period`, rounded to the fen."""
    months = eligible_months(
        scheme=scheme,
        months=months_of(period),
        starts_on=starts_on,
        ends_on=ends_on,
        died_on=died_on,
        birth_date=birth_date,
    )
    total = sum((table.monthly(category, m) for m in months), Decimal(0))
    return total.quantize(CENT)


def childcare_total(
    *, monthly: Decimal, birth_date: date, first_month: Month
) -> Decimal:
    """The whole childcare subsidy a child receives (the official worked examples)."""
    return (
        monthly * len(childcare_months(birth_date, first_month=first_month))
    ).quantize(CENT)
