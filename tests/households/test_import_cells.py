"""Cells of the register template: ID numbers at import speed, dates, phone numbers."""

import datetime
import random

import pytest
from django.utils import timezone

from households.idnumbers import IdNumberError, check_id_number
from households.importing.ids import check_id
from households.importing.spec import CellError, parse_date, parse_phones
from tests.households.factories import gb11643_check_character


def _numbers(count: int) -> list[str]:
    rng = random.Random(11)
    regions = ["370102", "110105", "110103", "440305", "999999", "810000", "320583"]
    numbers = []
    for _ in range(count):
        born = datetime.date(1900, 1, 1) + datetime.timedelta(
            days=rng.randrange(0, 47000)
        )
        body = f"{rng.choice(regions)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        check = gb11643_check_character(body)
        variant = rng.random()
        if variant < 0.1:
            check = "0" if check != "0" else "1"
        elif variant < 0.15:
            body = body[:10] + "1399" + body[14:]
        numbers.append(body + check)
    numbers += [
        "11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",
        "1101051949",
        "",
    ]
    return numbers


def _outcome(check, number: str, today: datetime.date):
    try:
        return check(number, document_type="resident_id", today=today)
    except IdNumberError as error:
        return error.message


def test_fast_id_check_agrees_with_households_idnumbers():
    today = timezone.localdate()
    for number in _numbers(3000):
        expected = _outcome(check_id_number, number, today)
        assert _outcome(check_id, number, today) == expected, number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01-02", datetime.date(2020, 1, 2)),
        ("2020/1/2", datetime.date(2020, 1, 2)),
        ("20200102", datetime.date(2020, 1, 2)),
        ("2020.01.02", datetime.date(2020, 1, 2)),
        ("2020年1月2日", datetime.date(2020, 1, 2)),
        ("43831", datetime.date(2020, 1, 1)),
        ("２０２０－０１－０２", datetime.date(2020, 1, 2)),
        ("2020-01", None),
    ],
)
def test_dates_in_the_accepted_formats(text, expected):
    today = datetime.date(2026, 1, 1)
    if expected is None:
        with pytest.raises(CellError):
            parse_date(text, today=today)
    else:
        assert parse_date(text, today=today) == expected


@pytest.mark.parametrize("text", ["2023-02-30", "2030-01-01", "1899-12-31", "昨天"])
def test_impossible_future_or_old_dates_are_refused(text):
    with pytest.raises(CellError):
        parse_date(text, today=datetime.date(2026, 1, 1))


def test_phone_numbers_split_and_checked():
    assert parse_phones("13800138000, 0531-88886666；15912345678 、 010 12345678") == [
        "13800138000",
        "053188886666",
        "15912345678",
        "01012345678",
    ]
    assert parse_phones("+8613800138000") == ["13800138000"]
    with pytest.raises(CellError):
        parse_phones("12345678901")
    with pytest.raises(CellError):
        parse_phones("88886666")
