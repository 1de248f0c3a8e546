"""Moves away and back in (households.services.record_move): the migrant record."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from households import services
from households.models import MigrantRecord, Person
from tests.households.factories import PersonFactory

BORN = datetime.date(1985, 3, 7)


def test_record_move_away_and_back_in(staff, household):
    person = PersonFactory.create(household=household)
    away = services.record_move(
        direction="outflow",
        by=staff,
        person=person,
        expected_version=1,
        county_code="320583",
        since=datetime.date(2024, 3, 1),
        county_name="昆山市",
        workplace="电子厂",
    )
    person.refresh_from_db()
    assert person.residence_status == Person.ResidenceStatus.MOVED_AWAY
    assert away.direction == MigrantRecord.Direction.OUTFLOW

    services.record_move(
        direction="inflow",
        by=staff,
        person=person,
        expected_version=2,
        county_code="320583",
        since=datetime.date(2025, 1, 1),
    )

    away.refresh_from_db()
    person.refresh_from_db()
    assert away.until == datetime.date(2025, 1, 1)
    assert person.residence_status == Person.ResidenceStatus.MOVED_IN
    assert person.version == 3


def test_move_with_a_bad_county_code_is_refused(staff, household):
    person = PersonFactory.create(household=household)

    with pytest.raises(ValidationError) as excinfo:
        services.record_move(
            direction="outflow",
            by=staff,
            person=person,
            expected_version=1,
            county_code="32",
            since=BORN,
        )

    assert "county_code" in excinfo.value.message_dict
    assert not MigrantRecord.objects.exists()
