"""Payout accounts: the beneficiary's own card, one active per person and scheme."""

import re

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import crypto
from bureau.audit import audit_context
from bureau.models import AccessEvent
from bureau.services import record_access
from households.names import normalize_name
from incentives.models import BankAccount
from incentives.services._common import invalid, require_perm, require_visible_person

ACCOUNT_LOOKUP = "incentives.bank_account"
_SEPARATORS = re.compile(r"[\s\-]")


def luhn_ok(number: str) -> bool:
    """The Luhn check digit test (only a warning for Chinese cards)."""
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_account_number(raw: str) -> str:
    return _SEPARATORS.sub("", raw or "")


def record_bank_account(
    *,
    by,
    person,
    scheme,
    number: str,
    bank_name: str,
    holder_name: str,
    account_type: str = BankAccount.AccountType.DEBIT_CARD,
    branch: str = "",
    cnaps_code: str = "",
) -> BankAccount:
    """Record the account a person is paid into; the previous one is kept as history.

    The card must be in the beneficiary's own name (一卡通 rule). A debit card has
    16–19 digits, other account types 6–30; failing the Luhn test is only a warning.
    """
    with transaction.atomic(), audit_context(user=by.pk, action="record_bank_account"):
        require_perm(by, "incentives.add_bankaccount")
        person = require_visible_person(by, person)
        digits = normalize_account_number(number)
        if not digits.isdigit():
            raise invalid("number", _("An account number has digits only."))
        low, high = (
            (16, 19) if account_type == BankAccount.AccountType.DEBIT_CARD else (6, 30)
        )
        if not low <= len(digits) <= high:
            raise invalid(
                "number",
                _("This account type has %(low)d to %(high)d digits; %(count)d given.")
                % {"low": low, "high": high, "count": len(digits)},
            )
        if normalize_name(holder_name) != normalize_name(person.name):
            raise invalid(
                "holder_name",
                _("The account must be in the beneficiary's own name (%(name)s).")
                % {"name": person.name},
            )
        if not (bank_name or "").strip():
            raise invalid("bank_name", _("Enter the bank."))
        now = timezone.now()
        BankAccount.objects.select_for_update().filter(
            person=person, scheme=scheme, is_active=True
        ).update(is_active=False, closed_at=now)
        account = BankAccount(
            person=person,
            scheme=scheme,
            account_type=account_type,
            bank_name=bank_name.strip(),
            branch=(branch or "").strip(),
            cnaps_code=(cnaps_code or "").strip(),
            holder_name=normalize_name(holder_name),
            number_encrypted=crypto.encrypt(digits),
            number_hash=crypto.blind_index(digits, purpose=ACCOUNT_LOOKUP),
            number_first6=digits[:6],
            number_last4=digits[-4:],
            number_length=len(digits),
            luhn_warning=not luhn_ok(digits),
            created_by=by,
        )
        try:
            with transaction.atomic():
                account.save()
        except IntegrityError as exc:
            raise invalid(
                "number", _("Someone recorded an account at the same moment.")
            ) from exc
        return account


def reveal_bank_account(*, by, account: BankAccount, reason: str, request=None) -> str:
    """The full number, for a user allowed to see it who states why; the read is logged."""
    if not by.has_perm("incentives.reveal_bankaccount") or not by.has_perm(
        "bureau.unmask_personal_data"
    ):
        raise PermissionDenied(_("Your role may not reveal account numbers."))
    if not (reason or "").strip():
        raise invalid("reason", _("State why the full number is needed."))
    record_access(
        request=request,
        user=by,
        kind=AccessEvent.Kind.UNMASK,
        subject="incentives.bankaccount",
        object_id=account.pk,
        reason=reason.strip()[:1000],
    )
    return crypto.decrypt(account.number_encrypted)
