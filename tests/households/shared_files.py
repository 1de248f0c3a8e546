"""Helpers for tests of the files shared by the health and police departments."""

import datetime
import io

from django.utils import timezone

from households import reconciliation
from households.models import Person, SourceBatch
from tests.households.factories import HouseholdFactory, PersonFactory, make_head

HOSPITAL = SourceBatch.Source.HOSPITAL_BIRTHS
POLICE = SourceBatch.Source.POLICE_EVENTS
HOSPITAL_HEADER = "母亲证件号码,婴儿姓名,婴儿性别,出生日期,医院"
POLICE_HEADER = "证件号码,事件,日期,姓名,性别,出生日期"


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def csv_file(header: str, *rows: str) -> io.BytesIO:
    return io.BytesIO("\n".join([header, *rows]).encode("utf-8"))


def import_file(user, source, header, *rows, filename="shared.csv"):
    return reconciliation.import_source_file(
        by=user, source=source, file=csv_file(header, *rows), filename=filename
    )


def make_mother(village) -> Person:
    """李芳, born 1992, the spouse of a household head in `village`."""
    household = HouseholdFactory.create(village=village)
    make_head(household, sex="M", birth_date=datetime.date(1990, 3, 1))
    return PersonFactory.create(
        household=household,
        name="李芳",
        sex="F",
        birth_date=datetime.date(1992, 5, 17),
        relation_to_head=Person.Relation.SPOUSE,
    )


def make_resident(village) -> Person:
    """张伟, male, born 1980-01-01, head of a household in `village`."""
    household = HouseholdFactory.create(village=village)
    return make_head(
        household, name="张伟", sex="M", birth_date=datetime.date(1980, 1, 1)
    )


def child_of(mother, *, name="王小宝", sex="M", birth_date=None) -> Person:
    return PersonFactory.create(
        household=mother.household,
        name=name,
        sex=sex,
        birth_date=birth_date or days_ago(20),
        mother=mother,
        relation_to_head=Person.Relation.SON,
    )


def hospital_row(mother, name="王小宝", sex="男", birth_date=None) -> str:
    return f"{mother.id_number},{name},{sex},{birth_date or days_ago(20)},区人民医院"


def police_row(person, event, on=None, name="", sex="", birth_date="") -> str:
    return f"{person.id_number},{event},{on or days_ago(3)},{name},{sex},{birth_date}"
