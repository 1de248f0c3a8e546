"""Factories for the register: households, persons with valid ID numbers, corrections.

Every person gets a real, checkable 18-digit resident ID number (GB 11643 check
character) whose birth date and sex agree with the person's. The plain number is
kept on the built object as `person.id_number` (a plain attribute, never stored),
so tests can search or compare by it.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from households.derived import id_columns, name_columns, surname_readings
from households.idnumbers import DocumentType, check_id_number, with_check_character
from households.models import Correction, Household, MigrantRecord, Person
from tests.bureau.factories import UserFactory, VillageFactory

# 370102 is the default district (济南市历下区), a region every checker knows.
DEFAULT_REGION = "370102"
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def gb11643_check_character(body: str) -> str:
    """The 18th character of an ID number whose first 17 digits are `body` (MOD 11-2)."""
    if len(body) != 17 or not body.isdigit():
        raise ValueError("The body of an ID number is 17 digits.")
    return with_check_character(body)[-1]


def make_id_number(
    *,
    birth_date: datetime.date,
    sex: str,
    serial: int = 0,
    region: str = DEFAULT_REGION,
) -> str:
    """A valid 18-digit ID number for that birth date and sex ("M"/"F").

    `serial` (any int) picks the order code; the sex digit is adjusted to match.
    """
    order = (serial % 500) * 2 + (1 if sex == "M" else 0)
    body = f"{region}{birth_date:%Y%m%d}{order:03d}"
    return body + gb11643_check_character(body)


def make_legacy_id_number(
    *,
    birth_date: datetime.date,
    sex: str,
    serial: int = 0,
    region: str = DEFAULT_REGION,
) -> str:
    """A 15-digit pre-1999 number (two-digit year, no check character)."""
    order = (serial % 500) * 2 + (1 if sex == "M" else 0)
    return f"{region}{birth_date:%y%m%d}{order:03d}"


def _birth_date(n: int) -> datetime.date:
    # 97 is coprime with 20000, so the first 20000 persons all get different dates.
    return datetime.date(1950, 1, 1) + datetime.timedelta(days=(n * 97) % 20000)


def _name(n: int) -> str:
    return (
        _SURNAMES[n % len(_SURNAMES)]
        + _GIVEN[(n // len(_SURNAMES)) % len(_GIVEN)]
        + _GIVEN[(n * 7) % len(_GIVEN)]
    )


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    village = factory.SubFactory(VillageFactory)
    number = factory.Sequence(lambda n: f"H{n:06d}")
    address = factory.Sequence(lambda n: f"幸福路{n}号")


class PersonFactory(DjangoModelFactory):
    """PersonFactory.create(household=hh, name="单明", id_number="…", sex=…, birth_date=…).

    Pass `id_number` to use a given number (its sex and birth date are then derived
    from it unless given too); otherwise one is made from `birth_date` and `sex`.
    """

    class Meta:
        model = Person

    household = factory.SubFactory(HouseholdFactory)
    name = factory.Sequence(_name)
    manual_pinyin = ""
    birth_date = factory.Sequence(_birth_date)
    sex = factory.Sequence(lambda n: "M" if n % 2 else "F")
    document_type = DocumentType.RESIDENT_ID
    id_number = factory.LazyAttributeSequence(
        lambda o, n: make_id_number(birth_date=o.birth_date, sex=o.sex, serial=n)
    )
    relation_to_head = Person.Relation.OTHER

    @classmethod
    def _derived(cls, kwargs: dict) -> tuple[dict, str]:
        plain = kwargs.pop("id_number")
        check = check_id_number(
            plain, document_type=kwargs["document_type"], today=timezone.localdate()
        )
        kwargs.update(id_columns(check))
        if check.birth_date:
            kwargs["birth_date"] = check.birth_date
        if check.sex:
            kwargs["sex"] = check.sex
        if "name_pinyin" not in kwargs:
            kwargs.update(
                name_columns(
                    kwargs["name"],
                    manual_pinyin=kwargs.get("manual_pinyin", ""),
                    surname_readings=surname_readings(),
                )
            )
        return kwargs, check.number

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs, plain = cls._derived(kwargs)
        person = super()._create(model_class, *args, **kwargs)
        person.id_number = plain
        return person

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        kwargs, plain = cls._derived(kwargs)
        person = super()._build(model_class, *args, **kwargs)
        person.id_number = plain
        return person


def make_head(household: Household, **kwargs) -> Person:
    """Create a head of `household` and point the household at them."""
    head = PersonFactory.create(
        household=household, relation_to_head=Person.Relation.HEAD, **kwargs
    )
    Household.objects.filter(pk=household.pk).update(head=head)
    household.head = head
    return head


class CorrectionFactory(DjangoModelFactory):
    """A pending name correction raised by a user; override before/after for others."""

    class Meta:
        model = Correction

    person = factory.SubFactory(PersonFactory)
    before = factory.LazyAttribute(lambda o: {"name": o.person.name})
    after = factory.LazyAttribute(lambda o: {"name": o.person.name + "改"})
    reason = "户口本上的名字不同"
    source = Correction.Source.STAFF
    raised_by = factory.SubFactory(UserFactory)


class MigrantRecordFactory(DjangoModelFactory):
    class Meta:
        model = MigrantRecord

    person = factory.SubFactory(PersonFactory)
    direction = MigrantRecord.Direction.OUTFLOW
    county_code = "320583"
    county_name = "昆山市"
    since = factory.Sequence(
        lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 1000)
    )
    workplace = "电子厂"
    contact = "13800138000"
