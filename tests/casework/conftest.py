import datetime as dt

import pytest
from django.utils import translation

from casework import services
from tests.casework.factories import PATH_TO_NOTICE, open_case, provider_in, walk


@pytest.fixture(autouse=True)
def english():
    """Service messages are read in English here (the Chinese default is checked elsewhere)."""
    with translation.override("en"):
        yield


@pytest.fixture
def noticed(village, staff):
    """A 两非 case at its pre-decision notice (2 Sep 2026), with a provider as its party."""
    case = open_case(village=village, by=staff, opened_on=dt.date(2026, 9, 1))
    case = walk(case, PATH_TO_NOTICE, by=staff, on=dt.date(2026, 9, 2))
    services.add_party(
        by=staff, case=case, provider=provider_in(case.township, by=staff)
    )
    return case
