"""A clerk's dashboard in Chromium: every figure opens its list; Chinese unless chosen."""

import pytest

from bureau.roles import Role
from tests.bureau.factories import UserFactory, VillageFactory
from tests.households.factories import CorrectionFactory, HouseholdFactory, make_head

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
FIGURE_LISTS = {
    "residents": "/households/persons/",
    "households": "/households/list/",
    "corrections-waiting": "/households/corrections/?waiting=me",
    "reconciliation-open": "/households/reconciliation/?status=open",
    "quality-open": "/households/quality/?status=open",
    "quality-last-run": "/households/quality/",
}


@pytest.fixture
def clerk():
    village = VillageFactory.create(name="文苑社区")
    user = UserFactory.create(
        username="liming", role=Role.STAFF, townships=[village.township]
    )
    colleague = UserFactory.create(role=Role.STAFF, townships=[village.township])
    household = HouseholdFactory.create(village=village)
    head = make_head(household, name="张伟")
    CorrectionFactory.create(person=head, raised_by=colleague)
    return user


def _log_in(page, live_server, user):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_every_dashboard_figure_opens_the_list_it_counts(page, live_server, clerk):
    _log_in(page, live_server, clerk)
    figures = page.get_by_test_id("dashboard-figures")
    assert (
        figures.get_by_test_id("figure-corrections-waiting")
        .get_by_test_id("figure-value")
        .inner_text()
        == "1"
    )

    for key, path in FIGURE_LISTS.items():
        page.goto(f"{live_server.url}/")
        page.get_by_test_id(f"figure-{key}").click()
        page.wait_for_url(f"{live_server.url}{path}")
        assert page.locator("h1").first.is_visible()


def test_an_english_browser_gets_chinese_until_the_clerk_chooses_english(
    browser, live_server, clerk
):
    context = browser.new_context(
        locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        _log_in(page, live_server, clerk)
        assert page.get_by_test_id("dashboard").inner_text() == "工作台"
        switch = page.get_by_test_id("language-switch")
        assert switch.inner_text().split() == ["简体中文", "English"]

        switch.get_by_role("button", name="English").click()
        page.wait_for_load_state()

        assert page.get_by_test_id("dashboard").inner_text() == "Dashboard"
        page.get_by_test_id("figure-residents").click()
        page.wait_for_url(f"{live_server.url}/households/persons/")
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()
