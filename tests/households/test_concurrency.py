"""Two real transactions racing for the same row: one wins, the other is told, nothing is lost."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from bureau.roles import Role
from households import services
from households.models import Correction, Household, Person
from households.services import ConflictError
from tests.bureau.factories import UserFactory
from tests.households.factories import HouseholdFactory, PersonFactory, make_id_number

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls):
    """Run the calls in parallel threads, each in its own connection; return their outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # the outcome is what the test checks
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_edits_of_the_same_version_one_wins_one_conflicts(staff, village):
    household = HouseholdFactory.create(village=village)

    outcomes = race(
        lambda: services.update_household(
            by=staff, household=household, expected_version=1, address="甲"
        ),
        lambda: services.update_household(
            by=staff, household=household, expected_version=1, address="乙"
        ),
    )

    winners = [o for o in outcomes if isinstance(o, Household)]
    conflicts = [o for o in outcomes if isinstance(o, ConflictError)]
    assert (len(winners), len(conflicts)) == (1, 1), outcomes
    household.refresh_from_db()
    assert household.version == 2
    assert household.address == winners[0].address
    assert conflicts[0].current.address == winners[0].address


def test_the_same_number_registered_twice_at_once_is_stored_once(staff, village):
    number = make_id_number(birth_date=datetime.date(1991, 1, 1), sex="M")
    first, second = HouseholdFactory.create_batch(2, village=village)

    outcomes = race(
        lambda: services.register_person(
            by=staff, household=first, name="甲", id_number=number
        ),
        lambda: services.register_person(
            by=staff, household=second, name="乙", id_number=number
        ),
    )

    assert sum(isinstance(o, Person) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes
    assert Person.objects.count() == 1


def test_two_approvers_at_once_apply_the_correction_once(staff, village):
    approvers = UserFactory.create_batch(
        2, role=Role.STAFF, townships=[village.township]
    )
    person = PersonFactory.create(household=HouseholdFactory.create(village=village))
    correction = services.raise_correction(
        by=staff, person=person, changes={"name": "新名"}, reason="r"
    )

    outcomes = race(
        *(
            lambda user=user: services.approve_correction(
                by=user, correction=correction
            )
            for user in approvers
        )
    )

    assert sum(isinstance(o, Correction) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes
    person.refresh_from_db()
    assert (person.name, person.version) == ("新名", 2)
