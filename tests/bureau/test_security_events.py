"""Logins, logouts, failures, lockouts, password, role and township changes are access events,
listed, filtered and exported for auditors."""

import csv
import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from bureau.models import AccessEvent
from bureau.roles import Role
from tests.bureau.factories import TownshipFactory, UserFactory
from tests.conftest import ENGLISH

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
Kind = AccessEvent.Kind


def _log_in(username: str, password: str = PASSWORD, ip: str = "203.0.113.7"):
    browser = Client(headers=ENGLISH)
    response = browser.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )
    return browser, response


def test_a_login_is_recorded_with_the_address(staff):
    _log_in(staff.username)

    event = AccessEvent.objects.get(kind=Kind.LOGIN)
    assert event.user == staff
    assert event.object_id == str(staff.pk)
    assert event.ip_address == "203.0.113.7"


def test_a_logout_is_recorded(staff):
    browser, _response = _log_in(staff.username)

    browser.post(reverse("logout"))

    assert AccessEvent.objects.filter(kind=Kind.LOGOUT, user=staff).exists()


def test_a_failed_login_is_recorded_with_the_username_typed(staff):
    _log_in(staff.username, "wrong-password")
    _log_in("nobody-by-this-name", "wrong-password")

    failures = AccessEvent.objects.filter(kind=Kind.LOGIN_FAILED).order_by("pk")
    assert [event.filters["username"] for event in failures] == [
        staff.username,
        "nobody-by-this-name",
    ]
    assert failures[0].user == staff
    assert failures[1].user is None
    assert all("wrong-password" not in str(event.filters) for event in failures)


def test_a_lockout_is_recorded(staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(staff.username, "wrong-password")

    _browser, response = _log_in(staff.username)

    assert response.status_code == 429
    assert AccessEvent.objects.filter(kind=Kind.LOCKOUT, user=staff).exists()


def _admin_edits(client, administrator, user, **changes):
    client.force_login(administrator)
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "townships": [t.pk for t in user.townships.all()],
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "user_permissions": [],
        "groups": [],
    }
    data.update(changes)
    response = client.post(reverse("admin:bureau_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_role_change_by_an_administrator_is_recorded(client, administrator, staff):
    _admin_edits(client, administrator, staff, role=Role.CHIEF)

    event = AccessEvent.objects.get(kind=Kind.ROLE)
    assert event.user == administrator
    assert event.object_id == str(staff.pk)
    assert event.filters == {"from": "staff", "to": "chief"}


def test_a_township_change_by_an_administrator_is_recorded(
    client, administrator, staff, village
):
    other = TownshipFactory.create()

    _admin_edits(client, administrator, staff, townships=[other.pk])

    events = AccessEvent.objects.filter(kind=Kind.TOWNSHIPS, object_id=str(staff.pk))
    changes = [event.filters for event in events]
    assert {"added": [other.pk]} in changes
    assert {"removed": [village.township.pk]} in changes
    assert all(event.user == administrator for event in events)


def test_creating_users_outside_a_request_writes_no_access_event(village):
    UserFactory.create(role=Role.STAFF, townships=[village.township])

    assert not AccessEvent.objects.exists()


def test_auditors_filter_the_access_log_by_login_events(client, auditor, staff):
    _log_in(staff.username)
    _log_in(staff.username, "wrong-password")
    client.force_login(auditor)

    response = client.get(reverse("audit:access"), {"kind": Kind.LOGIN_FAILED})

    rows = list(response.context["page"].object_list)
    assert [event.kind for event in rows] == [Kind.LOGIN_FAILED]
    assert "Failed login" in response.content.decode()


def test_auditors_export_the_filtered_access_log_and_the_export_is_logged(
    client, auditor, staff
):
    _log_in(staff.username)
    _log_in(staff.username, "wrong-password")
    client.force_login(auditor)

    response = client.get(
        reverse("audit:access-export"), {"kind": Kind.LOGIN, "format": "csv"}
    )

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["When", "User", "Kind"]
    assert [row[2] for row in rows[1:]] == ["Logged in"]
    export = AccessEvent.objects.get(kind=Kind.EXPORT)
    assert export.subject == "bureau.accessevent"
    assert export.row_count == 1
    assert export.filters["kind"] == Kind.LOGIN


def test_staff_cannot_export_the_access_log(client, staff):
    client.force_login(staff)

    response = client.get(reverse("audit:access-export"), {"format": "csv"})

    assert response.status_code == 403
