"""Fixtures shared by the register page tests (modules may override them locally)."""

import pytest

from tests.households.factories import HouseholdFactory, PersonFactory, make_head


@pytest.fixture
def logged_in(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def as_staff(logged_in, staff):
    return logged_in(staff)


@pytest.fixture
def household(village):
    return HouseholdFactory.create(village=village, address="幸福路1号")


@pytest.fixture
def zhang(household):
    return make_head(household, name="张伟")


@pytest.fixture
def stranger(other_village):
    """A person in a township `staff` does not serve."""
    return PersonFactory.create(
        household=HouseholdFactory.create(village=other_village)
    )
