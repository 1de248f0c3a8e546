"""The named cast every test can use: a village, its staff, a chief, an auditor."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from bureau.roles import Role
from bureau.security.policy import second_factor_required
from tests.bureau.factories import (
    TownshipFactory,
    UserFactory,
    VillageFactory,
    enrol_authenticator,
)


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


@pytest.fixture(autouse=True)
def _eager_results_may_be_read():
    """A Celery worker started in this process marks it as one where waiting on a
    result would block; a later test reads an eager task's result with .get()."""
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """A transactional test's flush empties django_content_type; a cached id from before
    it would then point rows (attachments, clocks) at a content type that is gone."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


# Test clients ask for English, so assertions read the msgids; the Chinese default
# is checked on its own in tests/bureau/test_language.py.
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture(autouse=True)
def _english_cookie_for_english_clients(monkeypatch):
    """Pages ignore Accept-Language (Chinese unless the user chose English), so a test
    client made with ENGLISH also carries the cookie the language switch sets."""
    from django.conf import settings

    make = Client.__init__

    def init(self, *args, headers=None, **kwargs):
        make(self, *args, headers=headers, **kwargs)
        if (headers or {}).get("Accept-Language", "").startswith("en"):
            self.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    monkeypatch.setattr(Client, "__init__", init)


class BureauClient(Client):
    """The test client; its force_login also passes the second factor where a role needs it.

    The rule stays on: such a user gets an authenticator (as after enrolment) and the
    session is marked verified by it, exactly as django_otp.login does after a right code.
    A test of the password-only state logs in through the form or uses plain `Client`.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if second_factor_required(user):
            from django_otp import DEVICE_ID_SESSION_KEY

            session = self.session
            session[DEVICE_ID_SESSION_KEY] = enrol_authenticator(user).persistent_id
            session.save()


@pytest.fixture
def client():
    """The test client (see BureauClient), asking for English pages."""
    return BureauClient(headers=ENGLISH)


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


def _load_holidays():
    from bureau.holidays import load_shipped_schedules
    from bureau.models import CalendarDay, HolidaySchedule

    load_shipped_schedules(HolidaySchedule, CalendarDay)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database lost the migration's holidays to an earlier flush: reload."""
    with django_db_blocker.unblock():
        _load_holidays()


@pytest.fixture
def holidays(db):
    """The shipped holiday schedules, reloaded when a transactional test flushed them."""
    _load_holidays()
