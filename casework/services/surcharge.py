"""Late payment of a fine: 3 % of the fine for each day past its due date, capped at the fine.

行政处罚法 art. 72(1) and 行政强制法 art. 45: the surcharge runs from the day after the
15-day payment limit until the fine itself is paid, and never exceeds the fine. Payments
go to the fine first; the surcharge is owed on top. Amounts are yuan, rounded half up to
the fen.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DAILY_RATE = Decimal("0.03")
FEN = Decimal("0.01")


def late_surcharge(amount: Decimal, due_on: dt.date | None, on: dt.date) -> Decimal:
    """The surcharge on `amount` due `due_on` when it is paid (or still unpaid) on `on`."""
    if due_on is None or on <= due_on:
        return Decimal("0.00")
    days = (on - due_on).days
    surcharge = (Decimal(amount) * DAILY_RATE * days).quantize(FEN, ROUND_HALF_UP)
    return min(surcharge, Decimal(amount).quantize(FEN, ROUND_HALF_UP))


@dataclass(frozen=True)
class Account:
    """Where a fine stands on the day `as_of`."""

    amount: Decimal
    due_on: dt.date | None
    as_of: dt.date
    paid: Decimal
    surcharge: Decimal
    fine_paid_on: dt.date | None  # the day the payments reached the fine itself

    @property
    def owed(self) -> Decimal:
        return self.amount + self.surcharge

    @property
    def outstanding(self) -> Decimal:
        return max(self.owed - self.paid, Decimal("0.00"))

    @property
    def days_late(self) -> int:
        if self.due_on is None:
            return 0
        return max(((self.fine_paid_on or self.as_of) - self.due_on).days, 0)

    @property
    def settled(self) -> bool:
        return self.outstanding == 0


def account(
    *,
    amount: Decimal,
    due_on: dt.date | None,
    payments: list[tuple[dt.date, Decimal]],
    on: dt.date,
) -> Account:
    """The fine's account on `on` from its payments (date, amount) made up to that day."""
    paid = Decimal("0.00")
    fine_paid_on = None
    for paid_on, value in sorted(payments):
        if paid_on > on:
            continue
        paid += Decimal(value)
        if fine_paid_on is None and paid >= amount:
            fine_paid_on = paid_on
    surcharge = late_surcharge(amount, due_on, fine_paid_on or on)
    return Account(
        amount=Decimal(amount),
        due_on=due_on,
        paid=paid,
        surcharge=surcharge,
        fine_paid_on=fine_paid_on,
        as_of=on,
    )
