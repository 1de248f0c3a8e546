"""Registering a family on one page: the household and its members, all or nothing."""

import datetime

import pytest
from django.urls import reverse

from bureau.roles import Role
from households.models import Household, Person
from tests.bureau.factories import UserFactory, VillageFactory
from tests.households.factories import HouseholdFactory, PersonFactory, make_id_number

pytestmark = pytest.mark.django_db

URL = reverse("households:family-create")
HEAD = make_id_number(birth_date=datetime.date(1980, 5, 6), sex="M", serial=1)
SPOUSE = make_id_number(birth_date=datetime.date(1982, 3, 9), sex="F", serial=2)
SON = make_id_number(birth_date=datetime.date(2008, 1, 20), sex="M", serial=3)
DAUGHTER = make_id_number(birth_date=datetime.date(2012, 7, 1), sex="F", serial=4)
FAMILY = [("张伟", HEAD), ("李娜", SPOUSE), ("张强", SON), ("张丽", DAUGHTER)]
SPARE = 5  # rows after the first that the page offers without JavaScript
PRESETS = [("head", "married"), ("spouse", "married")] + [("child", "unmarried")] * 4


def _row(index: int, name: str = "", number: str = "", **extra) -> dict:
    relation, marital = PRESETS[index] if index < len(PRESETS) else PRESETS[-1]
    values = {
        "name": name,
        "id_number": number,
        "relation_to_head": relation,
        "marital_status": marital,
        "sex": "",
        "birth_date": "",
        "phones": "",
        "ethnicity": "",
        "document_type": "resident_id",
        **extra,
    }
    return {f"members-{index}-{key}": value for key, value in values.items()}


def family_post(village, members=FAMILY, *, rows: int = 1 + SPARE, **household):
    data = {
        "village": village.pk,
        "number": "0108",
        "address": "幸福路8号",
        "grid_cell": "",
        "grid_staff": "",
        "members-TOTAL_FORMS": str(rows),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "1",
        "members-MAX_NUM_FORMS": "30",
        **household,
    }
    for index in range(rows):
        member = members[index] if index < len(members) else ()
        if isinstance(member, dict):
            data.update(_row(index, **member))
        else:
            data.update(_row(index, *member))
    return data


def _field_html(response, name: str) -> str:
    form = response.context["household_form"]
    if name in form.fields:
        return str(form[name])
    index, field = name.removeprefix("members-").split("-", 1)
    return str(response.context["members"].forms[int(index)][field])


# --- the page ----------------------------------------------------------------------


def test_the_page_starts_in_the_first_field_and_presets_each_row(as_staff, village):
    VillageFactory.create(township=village.township)  # two villages: none preselected

    response = as_staff.get(URL)

    assert response.status_code == 200
    assert "autofocus" in _field_html(response, "village")
    assert "autofocus" not in _field_html(response, "number")
    members = response.context["members"]
    assert len(members.forms) == 1 + SPARE
    presets = [
        (form["relation_to_head"].value(), form["marital_status"].value())
        for form in members.forms
    ]
    assert presets == PRESETS
    page = response.content.decode()
    assert "<kbd>Alt</kbd>+<kbd>N</kbd>" in page
    assert 'src="/static/js/family.js"' in page
    assert "<script>" not in page


def test_a_clerk_serving_one_village_starts_in_the_household_number(as_staff, village):
    response = as_staff.get(URL)

    assert response.context["household_form"]["village"].value() == village.pk
    assert "autofocus" in _field_html(response, "number")


def test_a_family_is_registered_with_facts_from_the_id_numbers(as_staff, village):
    response = as_staff.post(URL, family_post(village))

    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "households:household-detail", args=[household.pk]
    )
    members = {person.name: person for person in household.members.all()}
    assert set(members) == {"张伟", "李娜", "张强", "张丽"}
    head, spouse = members["张伟"], members["李娜"]
    assert household.head == head
    assert (head.relation_to_head, head.sex, head.birth_date) == (
        "head",
        "M",
        datetime.date(1980, 5, 6),
    )
    assert (spouse.relation_to_head, spouse.sex, spouse.marital_status) == (
        "spouse",
        "F",
        "married",
    )
    son, daughter = members["张强"], members["张丽"]
    assert (son.relation_to_head, son.marital_status) == ("son", "unmarried")
    assert daughter.relation_to_head == "daughter"
    assert (son.father, son.mother) == (head, spouse)
    assert (daughter.father, daughter.mother) == (head, spouse)


def test_the_success_message_counts_the_members(as_staff, village):
    response = as_staff.post(URL, family_post(village), follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert "Household 0108 registered with 4 members." in messages


def test_untouched_spare_rows_are_left_out(as_staff, village):
    as_staff.post(URL, family_post(village, FAMILY[:1]))

    assert Person.objects.count() == 1


def test_the_next_family_starts_in_the_village_of_the_last(as_staff, village):
    other = VillageFactory.create(township=village.township)
    as_staff.post(URL, family_post(other))

    response = as_staff.get(URL)

    assert response.context["household_form"]["village"].value() == other.pk


# --- all or nothing, errors where they belong ------------------------------------------


def test_a_bad_member_saves_nothing_and_keeps_what_was_typed(as_staff, village):
    wrong = SON[:-1] + ("0" if SON[-1] != "0" else "1")
    members = [*FAMILY[:2], ("张强", wrong), FAMILY[3]]

    response = as_staff.post(URL, family_post(village, members))

    assert response.status_code == 200
    assert not Household.objects.exists()
    assert not Person.objects.exists()
    third = response.context["members"].forms[2]
    assert "check character" in third.errors["id_number"][0]
    html = _field_html(response, "members-2-id_number")
    assert "autofocus" in html
    assert 'aria-invalid="true"' in html
    assert "autofocus" not in _field_html(response, "village")
    page = response.content.decode()
    for name, number in members:
        assert name in page
        assert number in page
    assert "幸福路8号" in page
    errors = response.context["errors"]
    assert [(str(e["where"]), e["label"]) for e in errors] == [
        ("Member 3 (张强)", "ID number")
    ]


def test_a_number_already_in_the_register_is_named_on_its_row(as_staff, village):
    PersonFactory.create(id_number=DAUGHTER)

    response = as_staff.post(URL, family_post(village))

    assert response.status_code == 200
    assert Household.objects.count() == 1  # only the other person's
    assert Person.objects.count() == 1
    fourth = response.context["members"].forms[3]
    assert fourth.errors["id_number"] == ["This ID number is already in the register."]
    assert "autofocus" in _field_html(response, "members-3-id_number")


def test_the_same_number_twice_in_one_family_is_refused(as_staff, village):
    members = [*FAMILY[:3], ("张丽", SON)]

    response = as_staff.post(URL, family_post(village, members))

    assert not Person.objects.exists()
    assert response.context["members"].forms[3].errors["id_number"]


def test_a_taken_household_number_is_shown_on_the_number(as_staff, village):
    HouseholdFactory.create(village=village, number="0108")

    response = as_staff.post(URL, family_post(village))

    assert Household.objects.count() == 1
    assert not Person.objects.exists()
    form = response.context["household_form"]
    assert form.errors["number"] == [
        "This household number is already used in the village."
    ]
    assert "autofocus" in _field_html(response, "number")


def test_a_sex_that_contradicts_the_id_number_is_refused_on_the_sex(as_staff, village):
    members = [FAMILY[0], {"name": "李娜", "number": SPOUSE, "sex": "M"}]

    response = as_staff.post(URL, family_post(village, members))

    assert not Person.objects.exists()
    assert (
        "the ID number says female"
        in (response.context["members"].forms[1].errors["sex"][0])
    )


def test_a_family_needs_exactly_one_head(as_staff, village):
    members = [{"name": "张伟", "number": HEAD, "relation_to_head": "other"}]

    response = as_staff.post(URL, family_post(village, members))

    assert not Household.objects.exists()
    assert response.context["members"].forms[0].errors["relation_to_head"] == [
        "Mark one member as the head of household."
    ]

    members = [
        FAMILY[0],
        {"name": "李娜", "number": SPOUSE, "relation_to_head": "head"},
    ]
    response = as_staff.post(URL, family_post(village, members))

    assert response.context["members"].forms[1].errors["relation_to_head"] == [
        "Only one member can be the head of household."
    ]


def test_the_first_row_cannot_be_left_empty(as_staff, village):
    response = as_staff.post(URL, family_post(village, []))

    assert not Household.objects.exists()
    assert response.context["members"].forms[0].errors["name"]


def test_a_document_without_sex_or_birth_date_needs_them_entered(as_staff, village):
    members = [
        FAMILY[0],
        {
            "name": "Anna Müller",
            "number": "X1234567",
            "document_type": "other",
            "relation_to_head": "spouse",
        },
    ]

    response = as_staff.post(URL, family_post(village, members))

    second = response.context["members"].forms[1]
    assert "this document does not carry it" in second.errors["sex"][0]
    assert "this document does not carry it" in second.errors["birth_date"][0]
    assert not Person.objects.exists()


def test_a_village_of_another_township_is_refused(as_staff, other_village):
    response = as_staff.post(URL, family_post(other_village))

    assert not Household.objects.exists()
    assert response.context["household_form"].errors["village"]


def test_an_auditor_cannot_register_a_family(logged_in, auditor, village):
    client = logged_in(auditor)

    assert client.get(URL).status_code == 403
    assert client.post(URL, family_post(village)).status_code == 403
    assert not Household.objects.exists()


def test_a_child_older_than_the_spouse_is_saved_with_a_warning(as_staff, village):
    older = make_id_number(birth_date=datetime.date(1981, 1, 1), sex="M", serial=9)
    members = [*FAMILY[:2], ("张强", older)]

    response = as_staff.post(URL, family_post(village, members), follow=True)

    assert Person.objects.count() == 3
    warnings = [
        str(m) for m in response.context["messages"] if m.level_tag == "warning"
    ]
    assert any("张强" in w and "李娜" in w for w in warnings), warnings
    son = Person.objects.get(name="张强")
    assert son.mother is None  # the spouse is too young to be his mother


def test_the_grid_staff_list_offers_no_system_account(as_staff, staff, village):
    loader = UserFactory.create(role=Role.STAFF, townships=[village.township])
    loader.set_unusable_password()
    loader.save()

    response = as_staff.get(URL)

    choices = response.context["household_form"].fields["grid_staff"].queryset
    assert staff in choices
    assert loader not in choices
    response = as_staff.post(URL, family_post(village, grid_staff=loader.pk))
    assert response.context["household_form"].errors["grid_staff"]
    assert not Household.objects.exists()


def test_the_household_list_and_search_lead_to_the_family_page(as_staff):
    for name in ("households:household-list", "households:person-search"):
        page = as_staff.get(reverse(name)).content.decode()

        assert f'href="{URL}"' in page
