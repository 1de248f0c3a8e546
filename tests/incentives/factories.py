"""Factories for benefits: schemes with rate tables, entitlements with accounts."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from incentives.models import Entitlement, Rate, Scheme
from incentives.services import record_bank_account
from tests.bureau.factories import enrol_authenticator, totp_code
from tests.households.factories import PersonFactory


class SchemeFactory(DjangoModelFactory):
    class Meta:
        model = Scheme
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"scheme-{n}")
    name = factory.Sequence(lambda n: f"奖励扶助{n}")
    public_label = "计划生育奖励扶助"
    kind = Scheme.Kind.RURAL_REWARD
    pay_every = Scheme.PayEvery.MONTH
    notice_days = 7
    parameters = factory.LazyFunction(lambda: {"min_age": 60})
    required_conditions = factory.LazyFunction(list)


class RateFactory(DjangoModelFactory):
    class Meta:
        model = Rate

    scheme = factory.SubFactory(SchemeFactory)
    category = ""
    source = "national"
    amount = Decimal("80.00")
    per = Rate.Per.MONTH
    effective_from = datetime.date(2012, 1, 1)


def monthly_scheme(amount: str = "80.00", **kwargs) -> Scheme:
    scheme = SchemeFactory.create(**kwargs)
    RateFactory.create(scheme=scheme, amount=Decimal(amount))
    return scheme


def childcare_scheme() -> Scheme:
    scheme = SchemeFactory.create(
        code="childcare",
        name="育儿补贴",
        public_label="育儿补贴",
        kind=Scheme.Kind.CHILDCARE,
        pay_every=Scheme.PayEvery.YEAR,
        parameters={"first_month": "2025-01", "max_age_months": 36},
    )
    RateFactory.create(
        scheme=scheme,
        amount=Decimal("3600.00"),
        per=Rate.Per.YEAR,
        effective_from=datetime.date(2025, 1, 1),
    )
    return scheme


_card = iter(range(10**6))


def card_number() -> str:
    return f"622202{next(_card):013d}"


def entitled(
    scheme: Scheme,
    *,
    village=None,
    by=None,
    person=None,
    with_account: bool = True,
    starts_on=datetime.date(2024, 1, 1),
    **person_kwargs,
) -> Entitlement:
    """A person with an active entitlement (and, by default, an account in their name)."""
    if person is None:
        extra = {"household__village": village} if village is not None else {}
        person = PersonFactory.create(**extra, **person_kwargs)
    entitlement = Entitlement.objects.create(
        scheme=scheme,
        person=person,
        payee=person,
        village=person.household.village,
        starts_on=starts_on,
    )
    if with_account:
        record_bank_account(
            by=by,
            person=person,
            scheme=scheme,
            number=card_number(),
            bank_name="农村商业银行",
            holder_name=person.name,
        )
    return entitlement


def step_up_code(user) -> str:
    """A code `user`'s authenticator app shows now, not used yet (enrolled if need be).

    The final approval of a batch asks for one; a code is accepted once, so after one
    of this 30-second step the next step's code is given (within django-otp's tolerance).
    """
    from django_otp.oath import TOTP

    device = enrol_authenticator(user)
    device.refresh_from_db()
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    return totp_code(device, steps_ahead=max(device.last_t + 1 - now, 0))


def approve(batch, *, by):
    """The checker's approval of a frozen batch, with a current step-up code."""
    from incentives import services

    return services.approve_batch(by=by, batch=batch, otp_code=step_up_code(by))
