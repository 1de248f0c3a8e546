"""A clerk registers a family of four with the keyboard only, on one page, and looks
up the county of a move by name.

The keystrokes, Tab presses and page loads are counted (docs/data-entry.md records
them); no test here clicks.
"""

import datetime

import pytest

from bureau.roles import Role
from households.models import Household, MigrantRecord, Person
from tests.bureau.factories import UserFactory, VillageFactory
from tests.households.factories import (
    HouseholdFactory,
    PersonFactory,
    make_id_number,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
FAMILY = [
    ("张伟", make_id_number(birth_date=datetime.date(1980, 5, 6), sex="M", serial=1)),
    ("李娜", make_id_number(birth_date=datetime.date(1982, 3, 9), sex="F", serial=2)),
    ("张强", make_id_number(birth_date=datetime.date(2008, 1, 20), sex="M", serial=3)),
    ("张丽", make_id_number(birth_date=datetime.date(2012, 7, 1), sex="F", serial=4)),
]


class CountingKeyboard:
    """The page's keyboard, counting every key pressed (a typed character is one key)."""

    def __init__(self, page):
        self.keyboard = page.keyboard
        self.keys = 0
        self.tabs = 0

    def type(self, text: str) -> None:
        self.keyboard.type(text)
        self.keys += len(text)

    def press(self, key: str) -> None:
        self.keyboard.press(key)
        self.keys += 1
        self.tabs += key == "Tab"


@pytest.fixture
def clerk(db):
    village = VillageFactory.create(name="幸福村")
    return UserFactory.create(role=Role.STAFF, townships=[village.township])


@pytest.fixture
def family_page(page, live_server, clerk):
    """The family page, logged in as `clerk`; `page.documents` lists each page load."""
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", clerk.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.documents = []
    page.on(
        "request",
        lambda request: (
            request.resource_type == "document"
            and page.documents.append(request.method)
        ),
    )
    page.goto(f"{live_server.url}/households/family/new/")
    return page


def focused(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.name")


def value(page, name: str) -> str:
    return page.locator(f"[name='{name}']").input_value()


def test_a_family_of_four_is_entered_with_the_keyboard_only(family_page, live_server):
    page = family_page
    keys = CountingKeyboard(page)
    assert focused(page) == "number"  # the clerk's only village is already chosen

    keys.type("0108")
    keys.press("Tab")
    keys.type("幸福路8号")
    for index, (name, number) in enumerate(FAMILY):
        keys.press("Alt+n")
        assert focused(page) == f"members-{index}-name"
        keys.type(name)
        keys.press("Tab")
        keys.type(number)
    assert value(page, "members-1-sex") == "F"
    assert value(page, "members-1-birth_date") == "1982-03-09"
    assert value(page, "members-2-relation_to_head") == "son"
    assert value(page, "members-3-relation_to_head") == "daughter"
    keys.press("Enter")

    page.wait_for_url(f"{live_server.url}/households/*/")
    household = Household.objects.get(number="0108")
    members = {p.name: p for p in household.members.all()}
    assert set(members) == {name for name, _number in FAMILY}
    assert household.head == members["张伟"]
    assert members["张丽"].mother == members["李娜"]
    assert page.get_by_test_id("member-table").get_by_text("张丽").is_visible()
    # One page load, one submission, and the household page it leads to.
    assert page.documents == ["GET", "POST", "GET"]
    assert (keys.keys, keys.tabs) == (99, 5)


def test_spare_rows_appear_one_at_a_time_with_their_presets(family_page):
    page = family_page
    rows = page.get_by_test_id("member-row")
    assert rows.evaluate_all("rows => rows.filter(r => !r.hidden).length") == 1

    for index in range(7):
        page.keyboard.press("Alt+n")
        page.keyboard.type(f"成员{index}")
    assert rows.evaluate_all("rows => rows.filter(r => !r.hidden).length") == 7
    assert value(page, "members-TOTAL_FORMS") == "7"  # the seventh row was added
    assert focused(page) == "members-6-name"
    assert value(page, "members-6-relation_to_head") == "child"
    assert value(page, "members-6-marital_status") == "unmarried"
    assert value(page, "members-1-relation_to_head") == "spouse"
    assert page.locator("[data-member-number]").nth(6).inner_text() == "7"


def test_an_error_keeps_what_was_typed_and_puts_the_cursor_on_it(
    family_page, live_server
):
    page = family_page
    page.keyboard.type("0109")
    page.keyboard.press("Tab")
    page.keyboard.type("幸福路9号")
    wrong = FAMILY[1][1][:-1] + ("1" if FAMILY[1][1][-1] != "1" else "2")
    for name, number in [FAMILY[0], (FAMILY[1][0], wrong)]:
        page.keyboard.press("Alt+n")
        page.keyboard.type(name)
        page.keyboard.press("Tab")
        page.keyboard.type(number)
    assert value(page, "members-1-sex") == ""  # a wrong check character fills nothing
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_test_id("family-errors").is_visible()
    assert focused(page) == "members-1-id_number"
    assert value(page, "members-1-id_number") == wrong
    assert value(page, "members-0-name") == "张伟"
    assert value(page, "address") == "幸福路9号"
    error = page.locator("#id_members-1-id_number-error")
    assert "校验位" in error.inner_text()  # the page speaks Chinese
    assert not Household.objects.filter(number="0109").exists()
    assert not Person.objects.exists()

    page.keyboard.press("End")
    page.keyboard.press("Backspace")
    page.keyboard.type(FAMILY[1][1][-1])
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/households/*/")
    assert Household.objects.get(number="0109").members.count() == 2


def test_the_county_of_a_move_is_looked_up_as_one_types(
    family_page, live_server, clerk
):
    page = family_page
    village = clerk.townships.get().villages.get()
    person = PersonFactory.create(household=HouseholdFactory.create(village=village))
    page.goto(f"{live_server.url}/households/persons/{person.pk}/move-away/")

    box = page.locator("[name=county_code]")
    box.focus()
    page.keyboard.type("历下")
    option = page.locator("#county-options option[value='370102 山东省济南市历下区']")
    option.wait_for(state="attached")
    box.fill(option.get_attribute("value"))
    page.fill("[name=since]", "2024-03-01")
    page.locator("[name=workplace]").press("Enter")

    page.wait_for_url(f"{live_server.url}/households/persons/{person.pk}/")
    record = MigrantRecord.objects.get(person=person)
    assert (record.county_code, record.county_name) == ("370102", "山东省济南市历下区")


def test_enter_in_a_select_saves_and_a_sex_chosen_by_hand_is_kept(
    family_page, live_server
):
    page = family_page
    page.keyboard.type("0110")
    page.keyboard.press("Tab")
    page.keyboard.type("幸福路10号")
    page.keyboard.press("Alt+n")
    page.keyboard.type("张伟")
    page.locator("[name='members-0-sex']").select_option("F")  # by hand, wrongly
    page.locator("[name='members-0-id_number']").focus()
    page.keyboard.type(FAMILY[0][1])
    assert value(page, "members-0-sex") == "F"
    assert value(page, "members-0-birth_date") == "1980-05-06"
    page.locator("[name='members-0-relation_to_head']").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert focused(page) == "members-0-sex"  # the server refused the wrong sex
    assert not Household.objects.filter(number="0110").exists()
    page.keyboard.press("Home")  # the blank choice: take it from the ID number
    assert value(page, "members-0-sex") == ""
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/households/*/")
    assert Household.objects.get(number="0110").members.get().sex == "M"


def test_the_page_works_without_javascript(browser, live_server, clerk):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", clerk.username)
        page.fill("input[name=password]", PASSWORD)
        page.locator("input[name=password]").press("Enter")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/households/family/new/")
        rows = page.get_by_test_id("member-row")
        assert rows.evaluate_all("rows => rows.filter(r => !r.hidden).length") == 6

        assert focused(page) == "number"  # autofocus needs no script
        page.keyboard.type("0111")
        page.keyboard.press("Tab")
        page.keyboard.type("幸福路11号")
        for index, (name, number) in enumerate(FAMILY[:2]):
            page.locator(f"[name='members-{index}-name']").focus()
            page.keyboard.type(name)
            page.keyboard.press("Tab")
            page.keyboard.type(number)
        assert value(page, "members-1-sex") == ""  # left to the server
        page.keyboard.press("Enter")

        page.wait_for_url(f"{live_server.url}/households/*/")
        members = Household.objects.get(number="0111").members.order_by("pk")
        assert [(p.name, p.sex, p.relation_to_head) for p in members] == [
            ("张伟", "M", "head"),
            ("李娜", "F", "spouse"),
        ]
    finally:
        context.close()
