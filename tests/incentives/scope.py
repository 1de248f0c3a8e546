"""Register benefit rows for the scope probe (see tests/scope.py)."""

import itertools

from bureau.roles import Role
from incentives import services
from incentives.models import BankAccount, BankResultFlag, EntitlementChange
from tests.bureau.factories import UserFactory
from tests.households.factories import PersonFactory
from tests.incentives.factories import entitled, monthly_scheme
from tests.scope import scope_factory

_serial = itertools.count()


def _scheme():
    return monthly_scheme(code=f"probe-{next(_serial)}")


@scope_factory("incentives.Application")
def application(*, village, user):
    person = PersonFactory.create(household__village=village)
    return services.submit_application(
        by=user, scheme=_scheme(), person=person, year=2026
    )


@scope_factory("incentives.Entitlement")
def entitlement(*, village, user):
    return entitled(_scheme(), village=village, by=user)


@scope_factory("incentives.BankAccount")
def bank_account(*, village, user):
    return BankAccount.objects.get(
        person=entitled(_scheme(), village=village, by=user).payee
    )


@scope_factory("incentives.EntitlementChange")
def entitlement_change(*, village, user):
    return EntitlementChange.objects.create(
        entitlement=entitled(_scheme(), village=village, by=user),
        kind=EntitlementChange.Kind.MOVED_AWAY,
        effective_on="2026-05-01",
        reason="probe",
    )


def _batch(village, user):
    scheme = _scheme()
    entitled(scheme, village=village, by=user)
    chief = UserFactory.create(role=Role.CHIEF)
    return services.create_batch(by=chief, scheme=scheme, period="2026-03")


@scope_factory("incentives.PayoutBatch")
def payout_batch(*, village, user):
    return _batch(village, user)


@scope_factory("incentives.PayoutLine")
def payout_line(*, village, user):
    return _batch(village, user).lines.get()


@scope_factory("incentives.BankResultFlag")
def bank_result_flag(*, village, user):
    batch = _batch(village, user)
    return BankResultFlag.objects.create(
        batch=batch,
        line=batch.lines.get(),
        kind=BankResultFlag.Kind.MISSING,
        detail="probe",
    )
