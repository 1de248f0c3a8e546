"""Township staff log in through the real login form in Chromium."""

import pytest

from bureau.roles import Role
from tests.bureau.factories import UserFactory, VillageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def staff_member():
    village = VillageFactory.create()
    return UserFactory.create(
        username="liming", role=Role.STAFF, townships=[village.township]
    )


def _submit_login(page, live_server, *, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("input[name=password]").press("Enter")


def test_staff_log_in_and_see_the_dashboard(page, live_server, staff_member):
    _submit_login(page, live_server, username="liming", password=PASSWORD)

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_test_id("dashboard").is_visible()


def test_a_wrong_password_shows_an_error_on_the_login_page(
    page, live_server, staff_member
):
    _submit_login(page, live_server, username="liming", password="wrong-password")

    assert page.get_by_role("alert").is_visible()
    assert page.url.startswith(f"{live_server.url}/login/")
    assert page.get_by_test_id("dashboard").count() == 0
