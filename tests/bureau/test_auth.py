from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bureau.demo import build_district
from bureau.models import User
from tests.bureau.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
OFFICE_IP = "203.0.113.10"
OTHER_IP = "198.51.100.20"


def _log_in(username: str, password: str, ip: str):
    """One login through the form, from a fresh browser at address `ip`."""
    return Client().post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def _fail_until_locked(username: str, ip: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(username, "wrong-password", ip)


def _template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def test_the_login_page_renders_for_an_anonymous_visitor(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


@pytest.mark.parametrize(
    "url_name",
    ["home", "notifications", "audit:changes", "households:household-list"],
)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, url_name):
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_a_correct_password_logs_in_and_opens_the_dashboard():
    UserFactory.create(username="wang", password=PASSWORD)

    response = _log_in("wang", PASSWORD, OFFICE_IP)

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_repeated_failures_lock_that_username_from_that_address():
    UserFactory.create(username="wang", password=PASSWORD)
    _fail_until_locked("wang", OFFICE_IP)

    response = _log_in("wang", PASSWORD, OFFICE_IP)

    assert response.status_code == 429
    assert "registration/locked_out.html" in _template_names(response)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert str(minutes) in response.content.decode()


def test_a_locked_username_can_still_log_in_from_another_address():
    UserFactory.create(username="wang", password=PASSWORD)
    _fail_until_locked("wang", OFFICE_IP)

    response = _log_in("wang", PASSWORD, OTHER_IP)

    assert response.status_code == 302


def test_colleagues_behind_the_same_office_address_are_not_locked_out():
    UserFactory.create(username="wang", password=PASSWORD)
    UserFactory.create(username="li", password=PASSWORD)
    _fail_until_locked("wang", OFFICE_IP)

    response = _log_in("li", PASSWORD, OFFICE_IP)

    assert response.status_code == 302


def test_the_lock_lifts_after_the_cool_off_period():
    UserFactory.create(username="wang", password=PASSWORD)
    _fail_until_locked("wang", OFFICE_IP)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )

    response = _log_in("wang", PASSWORD, OFFICE_IP)

    assert response.status_code == 302


def _session_expiry(client) -> timedelta:
    session = Session.objects.get(session_key=client.session.session_key)
    return session.expire_date - timezone.now()


def test_a_session_lasts_the_configured_idle_minutes(client, staff):
    client.force_login(staff)

    client.get(reverse("home"))

    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert idle - timedelta(seconds=10) < _session_expiry(client) <= idle


def test_every_request_restarts_the_idle_clock(client, staff):
    client.force_login(staff)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))

    response = client.get(reverse("home"))

    assert _session_expiry(client) > timedelta(seconds=settings.SESSION_COOKIE_AGE - 10)
    assert settings.SESSION_COOKIE_NAME in response.cookies


def test_the_session_cookie_ends_when_the_browser_closes(client, staff):
    client.force_login(staff)

    response = client.get(reverse("home"))

    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""


def test_an_idle_session_is_sent_back_to_the_login_page(client, staff):
    client.force_login(staff)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


NAVIGATION = {
    # username: (links shown, links hidden)
    "admin": (["admin:index"], ["audit:changes", "households:person-search"]),
    "chief": (["households:person-search"], ["audit:changes", "admin:index"]),
    "auditor": (["audit:changes", "households:person-search"], ["admin:index"]),
    "staff1": (["households:person-search"], ["audit:changes", "admin:index"]),
}


@pytest.mark.parametrize("username", NAVIGATION)
def test_every_demo_role_sees_its_own_navigation(client, username):
    build_district()
    client.force_login(User.objects.get(username=username))
    shown, hidden = NAVIGATION[username]

    page = client.get(reverse("home")).content.decode()

    for url_name in shown:
        assert f'href="{reverse(url_name)}"' in page, url_name
    for url_name in hidden:
        assert f'href="{reverse(url_name)}"' not in page, url_name


def test_the_demo_administrator_can_open_the_admin_site(client):
    build_district()
    client.force_login(User.objects.get(username="admin"))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
