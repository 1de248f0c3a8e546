"""The national scheme catalogue with its published rates (domain-china.md §2.1).

Amounts are data: `load_catalogue` writes them as rate rows with effective dates,
and a district adds its local top-ups as further rows in the admin.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from incentives.models import BankFileLayout, Rate, Scheme
from incentives.services.bankfiles import DEFAULT_COLUMNS

K = Scheme.Kind
SCHEMES = [
    # code, name, public label, kind, paid, parameters, conditions from papers
    (
        "rural-reward",
        "农村部分计划生育家庭奖励扶助",
        "计划生育奖励扶助",
        K.RURAL_REWARD,
        "month",
        {"min_age": 60},
        ["rural_resident", "historical_conditions"],
    ),
    (
        "special-assistance",
        "计划生育家庭特别扶助",
        "计划生育特别扶助",
        K.SPECIAL_ASSISTANCE,
        "month",
        {"min_age": 49, "ends_on_new_child": True},
        ["only_child", "no_later_birth_or_adoption"],
    ),
    (
        "only-child-reward",
        "独生子女父母奖励",
        "独生子女父母奖励",
        K.ONLY_CHILD_REWARD,
        "year",
        {"child_age_limit": 18, "ends_on_new_child": True},
        ["honour_certificate"],
    ),
    (
        "childcare",
        "育儿补贴",
        "育儿补贴",
        K.CHILDCARE,
        "year",
        {"first_month": "2025-01", "born_from": "2022-01-01"},
        [],
    ),
    (
        "insurance-subsidy",
        "医疗养老保险缴费补贴",
        "保险缴费补贴",
        K.INSURANCE_SUBSIDY,
        "year",
        {},
        [],
    ),
    ("hardship", "计划生育困难家庭帮扶", "困难家庭帮扶", K.HARDSHIP, "year", {}, []),
]
RATES = [
    # scheme, category, amount, per, from, to
    ("rural-reward", "", "600", "year", date(2004, 1, 1), date(2008, 12, 31)),
    ("rural-reward", "", "720", "year", date(2009, 1, 1), date(2011, 12, 31)),
    ("rural-reward", "", "960", "year", date(2012, 1, 1), None),
    (
        "special-assistance",
        "child_died",
        "450",
        "month",
        date(2016, 1, 1),
        date(2022, 6, 30),
    ),
    ("special-assistance", "child_died", "590", "month", date(2022, 7, 1), None),
    (
        "special-assistance",
        "child_disabled",
        "350",
        "month",
        date(2016, 1, 1),
        date(2022, 6, 30),
    ),
    ("special-assistance", "child_disabled", "460", "month", date(2022, 7, 1), None),
    ("special-assistance", "surgery_grade_1", "520", "month", date(2022, 7, 1), None),
    ("special-assistance", "surgery_grade_2", "390", "month", date(2022, 7, 1), None),
    ("special-assistance", "surgery_grade_3", "260", "month", date(2022, 7, 1), None),
    ("only-child-reward", "", "120", "year", date(2021, 1, 1), None),
    ("childcare", "", "3600", "year", date(2025, 1, 1), None),
]


@transaction.atomic
def load_catalogue() -> dict[str, Scheme]:
    """Create the schemes, national rates and the default bank layout that are missing."""
    schemes = {}
    for code, name, label, kind, every, parameters, conditions in SCHEMES:
        schemes[code], _ = Scheme.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "public_label": label,
                "kind": kind,
                "pay_every": every,
                "parameters": parameters,
                "required_conditions": conditions,
            },
        )
    for code, category, amount, per, start, end in RATES:
        Rate.objects.get_or_create(
            scheme=schemes[code],
            category=category,
            source="national",
            effective_from=start,
            defaults={"amount": Decimal(amount), "per": per, "effective_to": end},
        )
    BankFileLayout.objects.get_or_create(
        name="GBK CSV",
        defaults={"columns": DEFAULT_COLUMNS, "encoding": "gbk", "is_default": True},
    )
    return schemes
