from datetime import date

import pytest
from django.utils import translation
from stdnum.cn import ric

from bureau.masking import mask_id_number as bureau_mask
from households.idnumbers import (
    DocumentType,
    IdNumberError,
    check_declared_facts,
    check_id_number,
    convert_legacy_15,
    mask_id_number,
    normalize_id_number,
)

TODAY = date(2026, 11, 29)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def with_check(body: str) -> str:
    """Append the GB 11643 MOD 11-2 check character, computed independently of stdnum."""
    total = sum(
        int(digit) * weight for digit, weight in zip(body, WEIGHTS, strict=True)
    )
    return body + "10X98765432"[total % 11]


def test_the_published_example_number_is_accepted_with_its_facts():
    check = check_id_number("11010519491231002X", today=TODAY)

    assert check.number == "11010519491231002X"
    assert check.birth_date == date(1949, 12, 31)
    assert check.sex == "F"
    assert check.region == "110105"
    assert check.warnings == ()
    assert check.legacy_number == ""


def test_the_helper_agrees_with_the_published_example():
    assert with_check("11010519491231002") == "11010519491231002X"


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        " 110105 19491231 002X\u3000",
        "\u00a0110105-19491231-002x\u200b",
    ],
)
def test_number_typed_with_lowercase_x_full_width_digits_or_spaces_is_normalised(raw):
    assert normalize_id_number(raw) == "11010519491231002X"
    assert check_id_number(raw, today=TODAY).number == "11010519491231002X"


def test_odd_seventeenth_digit_means_male():
    number = with_check("11010519800101001")

    assert check_id_number(number, today=TODAY).sex == "M"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter an ID number."),
        (" \u3000 ", "Enter an ID number."),
        ("11010519491231002", "this one has 17"),
        ("11010519491231002X1", "this one has 19"),
        ("1101051949123100AX", "first 17 characters of an ID number must be digits"),
        ("110105194912310021", "is 1 but should be X"),
        (
            with_check("11010520210229002"),
            "birth date 20210229 in the ID number is not",
        ),
        (
            with_check("11010519491301002"),
            "birth date 19491301 in the ID number is not",
        ),
        ("110105209912310029", "(2099-12-31) is in the future"),
        (with_check("11010518991231002"), "(1899-12-31) is before 1900"),
        ("11010549123100X", "A legacy ID number has exactly 15 digits."),
    ],
)
def test_hostile_resident_id_numbers_are_rejected_with_a_specific_message(raw, message):
    with pytest.raises(IdNumberError) as caught:
        check_id_number(raw, today=TODAY)

    assert message in caught.value.message


def test_leap_day_in_a_leap_year_is_a_real_birth_date():
    number = with_check("11010520200229002")

    assert check_id_number(number, today=TODAY).birth_date == date(2020, 2, 29)


def test_future_is_judged_against_the_given_today():
    with pytest.raises(IdNumberError, match="in the future"):
        check_id_number("11010519491231002X", today=date(1949, 12, 30))

    assert check_id_number("11010519491231002X", today=date(1949, 12, 31)).birth_date


def test_legacy_15_digit_number_is_converted_and_the_original_kept():
    check = check_id_number("110105491231002", today=TODAY)

    assert check.number == "11010519491231002X"
    assert check.legacy_number == "110105491231002"
    assert check.birth_date == date(1949, 12, 31)
    assert convert_legacy_15("110105491231002") == "11010519491231002X"


def test_legacy_15_digit_number_is_refused_for_other_document_types():
    with pytest.raises(IdNumberError, match="this one has 15"):
        check_id_number(
            "810000491231002", document_type=DocumentType.HMT_PERMIT, today=TODAY
        )


def test_unknown_region_is_only_a_warning_for_resident_ids():
    number = with_check("99000019800101001")
    assert not ric.is_valid(number)  # stdnum itself refuses the region

    check = check_id_number(number, today=TODAY)

    assert check.number == number
    assert check.warnings == (
        "Region code 990000 is not in the list of known regions; "
        "check the number before saving.",
    )


@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_hong_kong_macao_taiwan_permit_is_accepted_without_region_warning(prefix):
    number = with_check(prefix + "19900101002")
    assert not ric.is_valid(number)

    check = check_id_number(number, document_type=DocumentType.HMT_PERMIT, today=TODAY)

    assert check.number == number
    assert check.birth_date == date(1990, 1, 1)
    assert check.sex == "F"
    assert check.warnings == ()


def test_permit_number_with_a_mainland_prefix_is_rejected():
    with pytest.raises(IdNumberError, match="not 110105"):
        check_id_number(
            "11010519491231002X", document_type=DocumentType.HMT_PERMIT, today=TODAY
        )


def test_permit_number_with_a_bad_check_character_is_rejected():
    number = with_check("81000019900101002")
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")

    with pytest.raises(IdNumberError, match="check character"):
        check_id_number(wrong, document_type=DocumentType.HMT_PERMIT, today=TODAY)


def test_foreign_permanent_resident_id_is_accepted_with_birth_date_and_sex():
    number = with_check("91115619800101123")

    check = check_id_number(number, document_type=DocumentType.FOREIGN_PR, today=TODAY)

    assert check.birth_date == date(1980, 1, 1)
    assert check.sex == "M"
    assert check.region == ""
    assert check.warnings == ()


def test_foreign_permanent_resident_id_must_start_with_9():
    with pytest.raises(IdNumberError, match="starts with 9, not 1"):
        check_id_number(
            "11010519491231002X", document_type=DocumentType.FOREIGN_PR, today=TODAY
        )


def test_other_documents_are_kept_as_typed_without_derived_facts():
    check = check_id_number(
        " e1234 5678 ", document_type=DocumentType.OTHER, today=TODAY
    )

    assert check.number == "E12345678"
    assert check.birth_date is None
    assert check.sex is None


def test_other_document_numbers_longer_than_32_characters_are_rejected():
    with pytest.raises(IdNumberError, match="this one has 33"):
        check_id_number("A" * 33, document_type=DocumentType.OTHER, today=TODAY)


def test_entered_sex_and_birth_date_that_contradict_the_number_are_reported():
    check = check_id_number("11010519491231002X", today=TODAY)

    problems = check_declared_facts(check, sex="M", birth_date=date(1949, 12, 30))

    assert problems == [
        "Sex entered as male but the ID number says female.",
        "Birth date entered as 1949-12-30 but the ID number says 1949-12-31.",
    ]


def test_entered_facts_that_match_the_number_give_no_problems():
    check = check_id_number("11010519491231002X", today=TODAY)

    assert check_declared_facts(check, sex="F", birth_date=date(1949, 12, 31)) == []
    assert check_declared_facts(check, sex=None, birth_date=None) == []


def test_masked_number_shows_first_four_and_last_four():
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_id_number is bureau_mask


def test_a_county_code_created_after_the_birth_year_is_not_flagged():
    # 370102 dates from 1983; people born earlier were issued numbers there later.
    body = "37010219600101002"
    number = body + ric.calc_check_digit(body + "0")

    check = check_id_number(number, today=TODAY)

    assert check.warnings == ()
