import pytest

from bureau.roles import Role
from tests.bureau.factories import UserFactory


@pytest.fixture
def colleague(village):
    """A second township staff member of the same township (the second reviewer)."""
    return UserFactory.create(role=Role.STAFF, townships=[village.township])


@pytest.fixture
def clerk(village):
    """The staff member who enters applications."""
    return UserFactory.create(role=Role.STAFF, townships=[village.township])


@pytest.fixture
def checker(db):
    """A second bureau chief: checks what the `chief` made."""
    return UserFactory.create(role=Role.CHIEF)


@pytest.fixture(autouse=True)
def _english():
    """Service messages are read in English here (the UI default is Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield
