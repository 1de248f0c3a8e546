"""A user sees and ends their own other sessions; an administrator ends anyone's."""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from bureau.models import AccessEvent
from bureau.models.security import LoginSession
from bureau.security.services import LOGGED_IN_AT
from tests.conftest import ENGLISH

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _browser_of(user, agent: str = "Office PC") -> Client:
    browser = Client(headers={**ENGLISH, "User-Agent": agent})
    response = browser.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return browser


def _is_logged_in(browser) -> bool:
    return browser.get(reverse("notifications")).status_code == 200


def test_a_user_sees_their_open_sessions(staff):
    _browser_of(staff, "Laptop at home")
    mine = _browser_of(staff, "Office PC")

    response = mine.get(reverse("security:overview"))

    assert len(response.context["sessions"]) == 2
    page = response.content.decode()
    assert "Laptop at home" in page
    assert "This session" in page


def test_a_user_ends_their_other_session(staff):
    elsewhere = _browser_of(staff, "Laptop at home")
    mine = _browser_of(staff, "Office PC")
    other = LoginSession.objects.get(user_agent="Laptop at home")

    response = mine.post(reverse("security:session-end", args=[other.pk]))

    assert response.status_code == 302
    assert not _is_logged_in(elsewhere)
    assert _is_logged_in(mine)
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SESSION_ENDED)
    assert event.user == staff


def test_another_users_session_answers_404(staff, chief):
    _browser_of(chief)
    theirs = LoginSession.objects.get(user=chief)
    mine = _browser_of(staff)

    response = mine.post(reverse("security:session-end", args=[theirs.pk]))

    assert response.status_code == 404
    assert LoginSession.objects.filter(pk=theirs.pk).exists()


def test_logging_out_forgets_the_session(staff):
    browser = _browser_of(staff)

    browser.post(reverse("logout"))

    assert not LoginSession.objects.filter(user=staff).exists()


def test_an_administrator_ends_every_session_of_a_user(client, administrator, staff):
    first, second = _browser_of(staff), _browser_of(staff)
    client.force_login(administrator)
    accounts = client.get(reverse("security:accounts"), {"q": staff.username})
    assert [row.session_count for row in accounts.context["page"]] == [2]

    response = client.post(reverse("security:account-end-sessions", args=[staff.pk]))

    assert response.status_code == 302
    assert not _is_logged_in(first)
    assert not _is_logged_in(second)
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SESSION_ENDED)
    assert event.user == administrator
    assert event.object_id == str(staff.pk)
    assert event.filters == {"sessions": 2}


def test_only_administrators_see_the_accounts_page(client, staff, auditor):
    for user in (staff, auditor):
        client.force_login(user)
        assert client.get(reverse("security:accounts")).status_code == 403


def test_a_session_ends_after_its_absolute_lifetime_however_active(staff):
    browser = _browser_of(staff)
    session = browser.session
    session[LOGGED_IN_AT] = int(time.time()) - settings.SESSION_MAX_HOURS * 3600 - 60
    session.save()

    response = browser.get(reverse("notifications"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not _is_logged_in(browser)


def test_the_session_key_changes_at_login(staff):
    browser = Client(headers=ENGLISH)
    browser.get(reverse("login"))
    browser.session.save()
    before = browser.session.session_key

    browser.post(reverse("login"), {"username": staff.username, "password": PASSWORD})

    assert browser.session.session_key != before
