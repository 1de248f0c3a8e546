"""Second factor: chiefs, auditors and administrators need a code after the password."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bureau.models import AccessEvent
from bureau.models.security import RecoveryCode
from bureau.roles import Role
from tests.bureau.factories import UserFactory, enrol_authenticator, totp_code
from tests.conftest import ENGLISH

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _password_login(user) -> Client:
    """A browser that has typed the right password and nothing more."""
    browser = Client(headers=ENGLISH)
    response = browser.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return browser


def _enrol(browser) -> list[str]:
    """Walk the enrolment page as a user would; return the recovery codes shown."""
    browser.get(reverse("security:enrol"))
    device = TOTPDevice.objects.get(confirmed=False)
    response = browser.post(reverse("security:enrol"), {"code": totp_code(device)})
    assert response.status_code == 200
    return response.context["codes"]


@pytest.mark.parametrize("role", [Role.CHIEF, Role.AUDITOR, Role.ADMIN])
def test_a_privileged_user_with_only_a_password_reaches_no_resident_data(role):
    user = UserFactory.create(role=role, is_staff=role == Role.ADMIN)
    browser = _password_login(user)

    for url in [
        reverse("home"),
        reverse("households:household-list"),
        reverse("households:person-search"),
        reverse("audit:access"),
        reverse("admin:index"),
    ]:
        response = browser.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("security:enrol")), url


def test_the_api_refuses_a_password_only_session_of_a_chief(chief):
    browser = _password_login(chief)

    response = browser.get("/api/v1/households/")

    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def test_township_staff_need_no_second_factor_by_default(staff):
    browser = _password_login(staff)

    assert browser.get(reverse("households:household-list")).status_code == 200


def test_the_setting_can_require_the_second_factor_of_township_staff(settings, staff):
    settings.OTP_REQUIRED_ROLES = ["staff", "chief", "auditor", "admin"]
    browser = _password_login(staff)

    response = browser.get(reverse("households:household-list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("security:enrol"))


def test_enrolment_shows_a_qr_code_rendered_on_the_server(chief):
    browser = _password_login(chief)

    page = browser.get(reverse("security:enrol")).content.decode()

    assert "<svg" in page
    assert 'data-testid="enrol-secret"' in page


def test_enrolling_with_a_code_from_the_app_opens_the_register(chief):
    browser = _password_login(chief)

    recovery = _enrol(browser)

    assert len(recovery) == 10
    assert browser.get(reverse("households:household-list")).status_code == 200
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.OTP_ENROLLED, user=chief
    ).exists()


def test_a_wrong_enrolment_code_confirms_nothing(chief):
    browser = _password_login(chief)
    browser.get(reverse("security:enrol"))

    response = browser.post(reverse("security:enrol"), {"code": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not TOTPDevice.objects.filter(user=chief, confirmed=True).exists()
    assert browser.get(reverse("home")).status_code == 302


def test_an_enrolled_user_logs_in_with_the_code_from_the_app(chief):
    device = enrol_authenticator(chief)
    browser = _password_login(chief)
    assert browser.get(reverse("home")).url.startswith(reverse("security:verify"))

    response = browser.post(
        reverse("security:verify"), {"code": totp_code(device), "next": "/households/"}
    )

    assert response.status_code == 302
    assert response.url == "/households/"
    assert browser.get(reverse("households:household-list")).status_code == 200


def test_a_wrong_code_is_refused_and_recorded(chief):
    enrol_authenticator(chief)
    browser = _password_login(chief)

    response = browser.post(reverse("security:verify"), {"code": "123456"})

    assert response.status_code == 200
    assert "not right" in response.content.decode()
    assert browser.get(reverse("home")).status_code == 302
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.OTP_FAILED, user=chief
    ).exists()


def test_a_code_cannot_be_used_twice(chief):
    device = enrol_authenticator(chief)
    code = totp_code(device)
    first = _password_login(chief)
    first.post(reverse("security:verify"), {"code": code})

    second = _password_login(chief)
    response = second.post(reverse("security:verify"), {"code": code})

    assert response.status_code == 200
    assert second.get(reverse("home")).status_code == 302


def test_an_enrolled_user_cannot_enrol_a_new_phone_with_the_password_alone(chief):
    enrol_authenticator(chief)
    browser = _password_login(chief)

    response = browser.get(reverse("security:enrol"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("security:verify"))
    assert not TOTPDevice.objects.filter(user=chief, confirmed=False).exists()


def test_recovery_codes_are_stored_only_as_digests(chief):
    recovery = _enrol(_password_login(chief))

    stored = set(RecoveryCode.objects.values_list("digest", flat=True))

    assert len(stored) == len(recovery)
    for code in recovery:
        assert all(
            code not in digest and code.replace("-", "") not in digest
            for digest in stored
        )


def test_a_recovery_code_logs_in_once_and_is_then_refused(chief):
    recovery = _enrol(_password_login(chief))

    first = _password_login(chief)
    response = first.post(reverse("security:verify"), {"code": recovery[0].lower()})
    assert response.status_code == 302
    assert first.get(reverse("home")).status_code == 200

    again = _password_login(chief)
    response = again.post(reverse("security:verify"), {"code": recovery[0]})
    assert response.status_code == 200
    assert again.get(reverse("home")).status_code == 302
    assert RecoveryCode.objects.filter(device__user=chief).count() == len(recovery) - 1


def test_an_administrator_resets_a_second_factor_and_it_is_recorded(
    client, administrator, chief
):
    enrol_authenticator(chief)
    chief_browser = Client(headers=ENGLISH)
    chief_browser.force_login(chief)
    client.force_login(administrator)

    response = client.post(reverse("security:account-reset", args=[chief.pk]))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=chief).exists()
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.OTP_RESET)
    assert event.user == administrator
    assert event.object_id == str(chief.pk)
    # At the next login the chief sets up a new authenticator.
    assert (
        _password_login(chief)
        .get(reverse("home"))
        .url.startswith(reverse("security:enrol"))
    )


def test_only_administrators_reset_second_factors(client, auditor, chief):
    enrol_authenticator(chief)
    client.force_login(auditor)

    response = client.post(reverse("security:account-reset", args=[chief.pk]))

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=chief).exists()


def test_resetting_an_unknown_account_answers_404(client, administrator):
    client.force_login(administrator)

    response = client.post(reverse("security:account-reset", args=[999999]))

    assert response.status_code == 404


def test_an_api_token_is_issued_from_a_verified_session_only(client, chief):
    browser = _password_login(chief)
    refused = browser.post(reverse("security:api-token"))
    assert refused.status_code == 302
    assert not Token.objects.filter(user=chief).exists()

    client.force_login(chief)
    response = client.post(reverse("security:api-token"))

    assert response.status_code == 200
    key = Token.objects.get(user=chief).key
    assert key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    api = APIClient(headers=ENGLISH)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/households/").status_code == 200
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.API_TOKEN).exists()


def test_a_token_of_a_chief_without_a_second_factor_is_refused(chief):
    token = Token.objects.create(user=chief)
    api = APIClient(headers=ENGLISH)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = api.get("/api/v1/households/")

    assert response.status_code in (401, 403)


def test_after_a_wrong_code_the_next_try_must_wait(chief):
    device = enrol_authenticator(chief)
    browser = _password_login(chief)
    browser.post(reverse("security:verify"), {"code": "000000"})

    response = browser.post(reverse("security:verify"), {"code": totp_code(device)})

    assert response.status_code == 200
    assert "Wait a little" in response.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )
    response = browser.post(reverse("security:verify"), {"code": totp_code(device)})
    assert response.status_code == 302


def test_the_verify_page_never_sends_the_user_to_another_site(chief):
    device = enrol_authenticator(chief)
    browser = _password_login(chief)

    response = browser.post(
        reverse("security:verify"),
        {"code": totp_code(device), "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_staff_who_set_up_a_second_factor_are_asked_for_it(staff):
    device = enrol_authenticator(staff)
    browser = _password_login(staff)

    response = browser.get(reverse("households:household-list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("security:verify"))
    browser.post(reverse("security:verify"), {"code": totp_code(device)})
    assert browser.get(reverse("households:household-list")).status_code == 200


def test_the_admin_site_shows_no_authenticator_secret(client):
    superuser = UserFactory.create(is_superuser=True, is_staff=True)
    device = enrol_authenticator(superuser)
    client.force_login(superuser)

    index = client.get(reverse("admin:index")).content.decode()

    assert "totpdevice" not in index
    assert (
        client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 404
    )
