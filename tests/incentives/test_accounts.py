import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bureau.models import AccessEvent
from incentives import services
from incentives.models import BankAccount
from tests.households.factories import PersonFactory
from tests.incentives.factories import monthly_scheme


@pytest.fixture
def scheme(db):
    return monthly_scheme()


@pytest.fixture
def person(village):
    return PersonFactory.create(household__village=village, name="张秀英")


def _record(staff, person, scheme, number="6222020200112345678", **kwargs):
    return services.record_bank_account(
        by=staff,
        person=person,
        scheme=scheme,
        number=number,
        bank_name="工商银行",
        holder_name=kwargs.pop("holder_name", person.name),
        **kwargs,
    )


def test_an_account_is_encrypted_and_shown_masked(staff, person, scheme):
    account = _record(staff, person, scheme)

    assert "6222020200112345678" not in account.number_encrypted
    assert account.masked_number == "622202*********5678"


def test_the_card_must_be_in_the_beneficiarys_own_name(staff, person, scheme):
    with pytest.raises(ValidationError, match="own name"):
        _record(staff, person, scheme, holder_name="李强")


def test_luhn_failure_is_only_a_warning(staff, person, scheme):
    from incentives.services.accounts import luhn_ok

    failing = next(
        n for n in (f"622202020011234567{d}" for d in range(10)) if not luhn_ok(n)
    )
    account = _record(staff, person, scheme, number=failing)

    assert account.luhn_warning is True
    assert BankAccount.objects.filter(pk=account.pk, is_active=True).exists()


def test_a_debit_card_has_16_to_19_digits_a_passbook_6_to_30(staff, person, scheme):
    with pytest.raises(ValidationError, match="16 to 19"):
        _record(staff, person, scheme, number="62220212345")
    passbook = _record(
        staff, person, scheme, number="12345678", account_type="passbook"
    )
    assert passbook.number_length == 8


def test_a_new_account_replaces_the_old_one_and_history_is_kept(staff, person, scheme):
    old = _record(staff, person, scheme)
    new = _record(staff, person, scheme, number="6217000010012345678")

    old.refresh_from_db()
    assert not old.is_active
    assert old.closed_at is not None
    assert new.is_active
    assert BankAccount.objects.filter(person=person, scheme=scheme).count() == 2


def test_revealing_the_number_needs_a_reason_and_is_logged(
    staff, person, scheme, chief
):
    account = _record(staff, person, scheme)

    with pytest.raises(ValidationError):
        services.reveal_bank_account(by=staff, account=account, reason=" ")
    with pytest.raises(PermissionDenied):
        services.reveal_bank_account(by=chief, account=account, reason="核对")
    number = services.reveal_bank_account(
        by=staff, account=account, reason="银行退回核对"
    )

    assert number == "6222020200112345678"
    event = AccessEvent.objects.get(subject="incentives.bankaccount")
    assert event.reason == "银行退回核对"


def test_luhn():
    from incentives.services.accounts import luhn_ok

    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
