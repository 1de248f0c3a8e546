"""Password rules: length, classes of characters, common passwords, no reuse, forced change."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from bureau.models import AccessEvent, User
from bureau.models.security import PasswordRecord
from bureau.roles import Role
from tests.bureau.factories import UserFactory
from tests.conftest import ENGLISH

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
GOOD = "Spring-Orchard-2026"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Sh0rt-pw", "too short"),
        ("alllowercaseletters", "kinds of character"),
        ("lowercase-and-symbols", "kinds of character"),
        ("1234567890-=", "too common"),
        ("123456789012", "entirely numeric"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(staff, password, message):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_password(password, staff)

    assert message in " ".join(refused.value.messages)


def test_a_password_mixing_three_kinds_of_character_is_accepted(staff):
    validate_password(GOOD, staff)


def _change(browser, old: str, new: str):
    return browser.post(
        reverse("security:password-change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_a_user_changes_their_password_and_it_is_recorded(client, staff):
    client.force_login(staff)

    response = _change(client, PASSWORD, GOOD)

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(GOOD)
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.PASSWORD)
    assert event.user == staff
    assert event.filters == {"chosen_by": "self"}
    # This session stays open.
    assert client.get(reverse("home")).status_code == 200


def test_reusing_one_of_the_last_passwords_is_refused(client, staff):
    client.force_login(staff)
    assert _change(client, PASSWORD, GOOD).status_code == 302
    assert _change(client, GOOD, "Winter-Harbour-2027").status_code == 302

    response = _change(client, "Winter-Harbour-2027", GOOD)

    assert response.status_code == 200
    assert "used this password recently" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password("Winter-Harbour-2027")


def test_the_current_password_cannot_be_chosen_again(client, staff):
    client.force_login(staff)

    response = _change(client, PASSWORD, PASSWORD)

    assert response.status_code == 200
    assert "used this password recently" in response.content.decode()


def test_changing_the_password_ends_the_other_sessions(client, staff):
    other = Client(headers=ENGLISH)
    other.post(reverse("login"), {"username": staff.username, "password": PASSWORD})
    assert other.get(reverse("home")).status_code == 200
    client.force_login(staff)

    _change(client, PASSWORD, GOOD)

    response = other.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def _admin_creates(client, administrator, username: str) -> User:
    client.force_login(administrator)
    response = client.post(
        reverse("admin:bureau_user_add"),
        {
            "username": username,
            "password1": GOOD,
            "password2": GOOD,
            "usable_password": "true",
            "full_name": "新同事",
            "role": Role.STAFF,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return User.objects.get(username=username)


def test_an_account_an_administrator_created_must_change_its_password_first(
    client, administrator
):
    user = _admin_creates(client, administrator, "newcomer")
    record = PasswordRecord.objects.get(user=user)
    assert record.must_change
    assert record.set_by == administrator

    browser = Client(headers=ENGLISH)
    browser.post(reverse("login"), {"username": "newcomer", "password": GOOD})
    response = browser.get(reverse("households:household-list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("security:password-change"))
    assert _change(browser, GOOD, "Autumn-Valley-2028").status_code == 302
    assert browser.get(reverse("households:household-list")).status_code == 200


def test_a_password_an_administrator_resets_must_be_changed_too(client, administrator):
    user = UserFactory.create(username="forgetful")
    client.force_login(administrator)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": GOOD, "password2": GOOD, "usable_password": "true"},
    )

    assert response.status_code == 302
    assert PasswordRecord.objects.filter(user=user).first().must_change
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.PASSWORD)
    assert event.user == administrator
    assert event.object_id == str(user.pk)
    assert event.filters == {"chosen_by": "administrator"}
