import datetime
from decimal import Decimal

from incentives.amounts import RateTable, amount_for, childcare_total
from incentives.periods import Month
from tests.incentives.factories import RateFactory, SchemeFactory, childcare_scheme


def test_childcare_subsidy_matches_the_official_examples(db):
    monthly = Decimal("300")
    first = Month(2025, 1)

    assert childcare_total(
        monthly=monthly, birth_date=datetime.date(2023, 12, 10), first_month=first
    ) == Decimal("7200.00")
    assert childcare_total(
        monthly=monthly, birth_date=datetime.date(2025, 1, 5), first_month=first
    ) == Decimal("10800.00")


def test_childcare_yearly_payments_add_up_to_the_total(db):
    scheme = childcare_scheme()
    table = RateTable.for_scheme(scheme)
    born = datetime.date(2023, 12, 10)

    paid = [
        amount_for(
            scheme=scheme,
            table=table,
            period=str(year),
            category="",
            starts_on=datetime.date(2025, 1, 1),
            birth_date=born,
        )
        for year in (2025, 2026, 2027)
    ]

    assert paid == [Decimal("3600.00"), Decimal("3600.00"), Decimal("0.00")]


def test_national_base_and_local_top_ups_are_added_by_effective_date(db):
    scheme = SchemeFactory.create(pay_every="year")
    RateFactory.create(scheme=scheme, amount=Decimal("960"), per="year")
    RateFactory.create(
        scheme=scheme,
        amount=Decimal("10"),
        per="year",
        source="city",
        effective_from=datetime.date(2026, 7, 1),
    )
    table = RateTable.for_scheme(scheme)

    amount = amount_for(
        scheme=scheme,
        table=table,
        period="2026",
        category="",
        starts_on=datetime.date(2020, 1, 1),
    )

    assert amount == Decimal("965.00")  # 960 + 10 × 6/12


def test_rates_per_category_and_history(db):
    scheme = SchemeFactory.create(kind="special_assistance")
    RateFactory.create(
        scheme=scheme,
        category="child_died",
        amount=Decimal("450"),
        effective_to=datetime.date(2022, 6, 30),
    )
    RateFactory.create(
        scheme=scheme,
        category="child_died",
        amount=Decimal("590"),
        effective_from=datetime.date(2022, 7, 1),
    )
    RateFactory.create(
        scheme=scheme,
        category="child_disabled",
        amount=Decimal("460"),
        effective_from=datetime.date(2022, 7, 1),
    )
    table = RateTable.for_scheme(scheme)

    def paid(period, category):
        return amount_for(
            scheme=scheme,
            table=table,
            period=period,
            category=category,
            starts_on=datetime.date(2020, 1, 1),
        )

    assert paid("2022-06", "child_died") == Decimal("450.00")
    assert paid("2022-07", "child_died") == Decimal("590.00")
    assert paid("2026-01", "child_disabled") == Decimal("460.00")


def test_a_death_stops_payment_from_the_next_month(db):
    scheme = SchemeFactory.create(pay_every="year")
    RateFactory.create(scheme=scheme, amount=Decimal("960"), per="year")

    amount = amount_for(
        scheme=scheme,
        table=RateTable.for_scheme(scheme),
        period="2026",
        category="",
        starts_on=datetime.date(2020, 1, 1),
        died_on=datetime.date(2026, 3, 15),
    )

    assert amount == Decimal("240.00")  # January to March
