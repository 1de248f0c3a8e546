"""In Chromium: a chief sets up an authenticator and logs in with it; the pages work under
the Content Security Policy without a single violation."""

from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from bureau.roles import Role
from tests.bureau.factories import (
    UserFactory,
    VillageFactory,
    enrol_authenticator,
    totp_code,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"

# Records every violation the browser reports, from the first script on each page.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def _code_from_secret(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed from the enrolment page."""
    text = secret.replace(" ", "")
    totp = TOTP(b32decode(text + "=" * (-len(text) % 8)))
    totp.time = totp.time + 30 * steps_ahead
    return f"{totp.token():06d}"


def _password_step(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[name=password]").press("Enter")


def test_a_chief_enrols_an_authenticator_and_logs_in_with_it(page, live_server):
    UserFactory.create(username="wangsf", role=Role.CHIEF)

    _password_step(page, live_server, "wangsf")
    page.wait_for_url(f"{live_server.url}/account/enrol/**")
    assert page.get_by_test_id("enrol-qr").locator("svg").is_visible()
    secret = page.get_by_test_id("enrol-secret").inner_text()
    page.fill("input[name=code]", _code_from_secret(secret))
    page.locator("input[name=code]").press("Enter")

    codes = page.get_by_test_id("recovery-codes").locator("li")
    assert codes.count() == 10
    page.locator("a.btn-primary").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_test_id("dashboard").is_visible()

    page.locator("form[action='/logout/'] button").first.click()
    page.wait_for_url(f"{live_server.url}/login/")
    _password_step(page, live_server, "wangsf")
    page.wait_for_url(f"{live_server.url}/account/verify/**")
    # The code of the step just used is spent; the app's next one is accepted.
    page.fill("input[name=code]", _code_from_secret(secret, steps_ahead=1))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_test_id("dashboard").is_visible()


def _log_in_with_code(page, live_server, user) -> None:
    device = enrol_authenticator(user)
    _password_step(page, live_server, user.username)
    page.wait_for_url(f"{live_server.url}/account/verify/**")
    page.fill("input[name=code]", totp_code(device))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


PAGES = {
    Role.AUDITOR: [
        "home",
        "households:household-list",
        "households:person-search",
        "audit:changes",
        "audit:access",
        "notifications",
        "security:overview",
        "security:password-change",
        "api-docs",
    ],
    Role.ADMIN: ["security:accounts", "admin:index", "admin:bureau_user_changelist"],
}


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN])
def test_pages_work_under_the_policy_with_no_violation(page, live_server, role):
    VillageFactory.create()
    user = UserFactory.create(
        username=f"csp-{role}", role=role, is_staff=role == Role.ADMIN
    )
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.add_init_script(WATCH_CSP)

    _password_step(page, live_server, "nobody")  # the login page itself, anonymous
    _log_in_with_code(page, live_server, user)
    for name in PAGES[role]:
        path = reverse(name)
        page.goto(f"{live_server.url}{path}", timeout=30_000)
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__cspViolations")
        assert violations == [], (path, violations)

    assert console == []
    # The watcher works and the policy is enforced: an injected inline style is refused.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"
