import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Service messages are read in English here (the Chinese default is checked elsewhere)."""
    with translation.override("en"):
        yield
