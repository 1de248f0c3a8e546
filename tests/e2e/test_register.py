"""Township staff use the register in a real browser: search, then edit a household."""

import re

import pytest

from bureau.roles import Role
from tests.bureau.factories import UserFactory, VillageFactory
from tests.households.factories import HouseholdFactory, PersonFactory, make_head

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def staff_member():
    village = VillageFactory.create(name="幸福村")
    user = UserFactory.create(role=Role.STAFF, townships=[village.township])
    household = HouseholdFactory.create(
        village=village, number="0301", address="幸福路3号"
    )
    make_head(household, name="张伟")
    PersonFactory.create(household=household, name="李娜")
    return user, household


def log_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_staff_find_a_person_by_pinyin_initials(page, live_server, staff_member):
    user, _household = staff_member
    log_in(page, live_server, user)

    page.goto(f"{live_server.url}/households/persons/")
    page.get_by_test_id("person-search-box").press_sequentially("zw", delay=50)

    results = page.get_by_test_id("person-results")
    results.wait_for()
    assert results.get_by_role("link", name="张伟").is_visible()
    assert results.get_by_text("李娜").count() == 0
    assert re.search(r"\?q=zw$", page.url)


def test_staff_edit_a_households_address(page, live_server, staff_member):
    user, household = staff_member
    log_in(page, live_server, user)

    page.goto(f"{live_server.url}/households/{household.pk}/")
    page.get_by_test_id("household-edit").click()
    page.fill("input[name=address]", "幸福路88号")
    page.get_by_test_id("household-form").locator("button[type=submit]").click()

    page.wait_for_url(f"{live_server.url}/households/{household.pk}/")
    assert page.get_by_test_id("household-address").inner_text() == "幸福路88号"
    household.refresh_from_db()
    assert (household.address, household.version) == ("幸福路88号", 2)


def test_a_form_refused_as_stale_explains_itself_and_opens_the_form_again(
    page, live_server, staff_member
):
    user, household = staff_member
    log_in(page, live_server, user)
    edit = f"{live_server.url}/households/{household.pk}/edit/"
    page.goto(edit)
    page.fill("input[name=address]", "幸福路88号")
    page.get_by_test_id("household-form").locator(  # as if it outlived its token
        "[name=csrfmiddlewaretoken]"
    ).evaluate("field => { field.value = 'x'.repeat(64) }")

    page.get_by_test_id("household-form").locator("button[type=submit]").click()

    refused = page.get_by_test_id("error-page")
    refused.wait_for()
    assert refused.get_attribute("data-reason") == "csrf"
    assert page.locator("h1").inner_text() == "表单未能提交"
    household.refresh_from_db()
    assert household.address == "幸福路3号"  # nothing was saved

    page.get_by_test_id("form-again").click()
    page.wait_for_url(edit)
    page.fill("input[name=address]", "幸福路88号")
    page.get_by_test_id("household-form").locator("button[type=submit]").click()

    page.wait_for_url(f"{live_server.url}/households/{household.pk}/")
    household.refresh_from_db()
    assert household.address == "幸福路88号"
