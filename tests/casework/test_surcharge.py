"""Late payment surcharge: 3 % of the fine a day after the 15-day limit, capped at the fine.

Every expected figure is worked out by hand in the comment next to it.
"""

import datetime as dt
from decimal import Decimal

import pytest

from casework.services.surcharge import account, late_surcharge

D = dt.date
DUE = D(2026, 5, 26)


@pytest.mark.parametrize(
    ("amount", "paid_on", "expected"),
    [
        ("10000.00", D(2026, 5, 20), "0.00"),  # early
        ("10000.00", DUE, "0.00"),  # on the last day
        ("10000.00", D(2026, 5, 27), "300.00"),  # 1 day: 10000 × 3 %
        ("10000.00", D(2026, 5, 30), "1200.00"),  # 4 days: 10000 × 0.03 × 4
        ("333.33", D(2026, 6, 2), "70.00"),  # 7 days: 333.33 × 0.21 = 69.9993 → 70.00
        ("12345.67", D(2026, 6, 4), "3333.33"),  # 9 days: 12345.67 × 0.27 = 3333.3309
        ("50.50", D(2026, 5, 27), "1.52"),  # 1.515 rounds half up to 1.52
        ("10000.00", D(2026, 6, 28), "9900.00"),  # 33 days: 99 %
        ("10000.00", D(2026, 6, 29), "10000.00"),  # 34 days: 102 %, capped at the fine
        ("10000.00", D(2027, 5, 26), "10000.00"),  # a year late: still the fine
    ],
)
def test_late_surcharge(amount, paid_on, expected):
    assert late_surcharge(Decimal(amount), DUE, paid_on) == Decimal(expected)


def test_no_due_date_no_surcharge():
    assert late_surcharge(Decimal("10000"), None, D(2027, 1, 1)) == Decimal("0.00")


def test_the_surcharge_stops_when_the_fine_itself_is_paid():
    # 6,000 on day 2 late, 4,000 on day 5 late: the fine is paid on 31 May, 5 days late,
    # so the surcharge is 10,000 × 0.03 × 5 = 1,500, owed on top of what was paid.
    payments = [(D(2026, 5, 28), Decimal("6000")), (D(2026, 5, 31), Decimal("4000"))]
    state = account(
        amount=Decimal("10000.00"), due_on=DUE, payments=payments, on=D(2026, 7, 1)
    )
    assert state.fine_paid_on == D(2026, 5, 31)
    assert state.days_late == 5
    assert state.surcharge == Decimal("1500.00")
    assert state.outstanding == Decimal("1500.00")
    assert not state.settled


def test_an_unpaid_fine_keeps_accruing_until_the_day_asked():
    # Nothing paid, asked 10 days late: 3,000 surcharge, 13,000 outstanding.
    state = account(
        amount=Decimal("10000.00"), due_on=DUE, payments=[], on=D(2026, 6, 5)
    )
    assert (state.surcharge, state.outstanding, state.days_late) == (
        Decimal("3000.00"),
        Decimal("13000.00"),
        10,
    )


def test_payments_after_the_day_asked_are_not_counted():
    payments = [(D(2026, 5, 20), Decimal("10000"))]
    before = account(
        amount=Decimal("10000.00"), due_on=DUE, payments=payments, on=D(2026, 5, 19)
    )
    after = account(
        amount=Decimal("10000.00"), due_on=DUE, payments=payments, on=D(2026, 5, 21)
    )
    assert before.paid == Decimal("0.00")
    assert before.outstanding == Decimal("10000.00")
    assert after.settled
    assert after.surcharge == Decimal("0.00")
