import pytest

from bureau.masking import mask_bank_account, mask_id_number, mask_phone


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("11010519491231002X", "1101**********002X"),
        ("370102199001011234", "3701**********1234"),
        ("110105491231002", "***********1002"),
        ("E12345678", "*****5678"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_id_numbers_show_only_the_documented_digits(number, masked):
    assert mask_id_number(number) == masked


@pytest.mark.parametrize(
    ("account", "masked"),
    [
        ("6222021234561234", "622202******1234"),
        ("6222 0212 3456 1234 567", "622202*********4567"),
        ("62220212345", "*******2345"),
    ],
)
def test_bank_accounts_show_first_six_and_last_four(account, masked):
    assert mask_bank_account(account) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("010-12345678", "010-******78"),
        ("0371 6512 3456", "0371-******56"),
        ("65123456", "******56"),
    ],
)
def test_phones_hide_the_middle_digits(phone, masked):
    assert mask_phone(phone) == masked
