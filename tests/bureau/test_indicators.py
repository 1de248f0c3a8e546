"""The indicator contract every app's indicators.py fills in."""

from datetime import date
from decimal import Decimal

from bureau.indicators import Measure, Period, all_indicators


def test_a_month_runs_from_its_first_day_to_the_next_months_first_day():
    december = Period.month(2026, 12)

    assert (december.start, december.end) == (date(2026, 12, 1), date(2027, 1, 1))
    assert december.last_day == date(2026, 12, 31)
    assert Period.containing(date(2026, 2, 14)).last_day == date(2026, 2, 28)
    assert str(december) == "2026-12"


def test_a_rate_with_no_denominator_has_no_value_and_a_count_is_its_numerator():
    assert Measure(3, 4).value == Decimal("0.75")
    assert Measure(0, 0).value is None
    assert Measure(7).value == Decimal(7)


def test_indicator_codes_are_unique_across_apps():
    codes = list(all_indicators())

    assert len(codes) == len(set(codes))
