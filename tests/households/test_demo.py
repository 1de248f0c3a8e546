"""The demo register: realistic, deterministic rows that the import accepts, loaded idempotently."""

import datetime
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command

from households.demo import ROW_KEYS, build_register, generate_register_rows
from households.idnumbers import check_id_number
from households.models import CountyAgreement, MigrantRecord, Person
from tests.bureau.factories import VillageFactory

VILLAGES = [("370102001001", "文苑社区"), ("370102101201", "青山村")]


def _rows(persons: int, seed: int = 7) -> list[dict[str, str]]:
    return list(
        generate_register_rows(
            persons=persons, seed=seed, villages=VILLAGES, district_code="370102"
        )
    )


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    assert _rows(500) == _rows(500)
    assert _rows(200) == _rows(500)[:200]
    assert _rows(200, seed=8) != _rows(200)


def test_rows_are_families_with_valid_id_numbers_that_match_sex_and_birth():
    rows = _rows(3000)

    assert len(rows) == 3000
    assert all(tuple(row) == ROW_KEYS for row in rows)
    assert len({row["id_number"] for row in rows}) == len(rows)
    today = datetime.date(2026, 1, 1)
    for row in rows:
        check = check_id_number(row["id_number"], today=today)
        assert check.birth_date.isoformat() == row["birth_date"]
        assert {"M": "男", "F": "女"}[check.sex] == row["sex"]
        if row["phone"]:
            assert len(row["phone"]) == 11
            assert row["phone"][0] == "1"
            assert row["phone"][1] in "3456789"
    households = Counter((row["village_code"], row["household_no"]) for row in rows)
    assert 2.5 < len(rows) / len(households) < 3.3
    first_of_each = {}
    for row in rows:
        first_of_each.setdefault((row["village_code"], row["household_no"]), row)
    assert {row["relation"] for row in first_of_each.values()} == {"户主"}


def test_rows_look_like_a_district():
    rows = _rows(5000)
    statuses = Counter(row["residence_status"] for row in rows)
    surnames = Counter(row["name"][0] for row in rows)

    assert 0.02 < (statuses["流入"] + statuses["流出"]) / len(rows) < 0.1
    assert {"王", "李", "张"} <= {name for name, _ in surnames.most_common(5)}
    assert Counter(row["ethnicity"] for row in rows).most_common(1)[0][0] == "汉族"
    for row in rows:
        age = 2026 - int(row["birth_date"][:4])
        if age < 20:
            assert row["marital_status"] == "未婚", row
    migrants = [row for row in rows if row["residence_status"] == "流入"]
    assert any(not row["id_number"].startswith("370102") for row in migrants)


@pytest.mark.django_db
def test_build_register_imports_the_rows_and_a_rerun_changes_nothing():
    for code, name in VILLAGES:
        VillageFactory.create(code=code, name=name, township__code=code[:9] + "000")
    assert settings.BUREAU_DISTRICT_CODE == "370102"

    created = build_register(persons=120, seed=3)
    first = sorted(
        Person.objects.values_list("id_number_hash", "name", "household__number")
    )
    records = MigrantRecord.objects.count()

    assert created == 120
    assert len(first) == 120
    assert records == Person.objects.exclude(residence_status="resident").count()
    assert CountyAgreement.objects.exists()

    assert build_register(persons=120, seed=3) == 0
    again = sorted(
        Person.objects.values_list("id_number_hash", "name", "household__number")
    )
    assert again == first
    assert MigrantRecord.objects.count() == records


@pytest.mark.django_db
def test_seed_demo_loads_a_register_when_asked(capsys):
    call_command("seed_demo", persons=80)

    assert Person.objects.count() == 80


def test_the_register_plugs_into_seed_demo_through_a_demo_hook():
    from bureau.demo import demo_hooks

    assert [hook.name for hook in demo_hooks()][:2] == ["bureau", "households"]
