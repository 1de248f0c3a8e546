import pytest

from bureau.roles import Role
from tests.bureau.factories import UserFactory


@pytest.fixture
def verifier(village):
    """A second township staff member of the same township (signs as verifier)."""
    return UserFactory.create(role=Role.STAFF, townships=[village.township])


@pytest.fixture
def colleague(verifier):
    """The same second staff member, as the page tests call the verifier."""
    return verifier


@pytest.fixture(autouse=True)
def _english():
    """Service messages are read in English here (the UI default is Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield
