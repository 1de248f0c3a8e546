"""The named cast every test can use: a village, its staff, a chief, an auditor."""

import pytest
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from bureau.roles import Role
from tests.bureau.factories import TownshipFactory, UserFactory, VillageFactory


@pytest.fixture
def village(db):
    return VillageFactory.create()


@pytest.fixture
def other_village(db):
    """A village in a different township from `village`."""
    return VillageFactory.create(township=TownshipFactory.create())


@pytest.fixture
def staff(village):
    """Township staff serving the township of `village`."""
    return UserFactory.create(role=Role.STAFF, townships=[village.township])


@pytest.fixture
def chief(db):
    return UserFactory.create(role=Role.CHIEF)


@pytest.fixture
def auditor(db):
    return UserFactory.create(role=Role.AUDITOR)


@pytest.fixture
def administrator(db):
    return UserFactory.create(role=Role.ADMIN, is_staff=True)


@pytest.fixture(autouse=True)
def _fresh_language():
    """No test leaves a language activated for the next one."""
    yield
    translation.deactivate()


# Test clients ask for English, so assertions read the msgids; the Chinese default
# is checked on its own in tests/bureau/test_language.py.
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def client():
    """Django's test client, asking for English pages."""
    return Client(headers=ENGLISH)


@pytest.fixture
def api(staff):
    """An API client logged in as `staff`."""
    client = APIClient(headers=ENGLISH)
    client.force_authenticate(staff)
    return client


@pytest.fixture
def api_as():
    """api_as(user) gives an API client logged in as that user."""

    def make(user):
        client = APIClient(headers=ENGLISH)
        client.force_authenticate(user)
        return client

    return make
