"""The register's household and person pages: scoping and wiring."""

import datetime

import pytest
from django.urls import reverse

from bureau.models import AccessEvent
from households.models import Household, Person
from tests.households.factories import (
    CorrectionFactory,
    HouseholdFactory,
    PersonFactory,
    make_head,
    make_id_number,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name", ["households:household-detail", "households:household-edit"]
)
def test_another_townships_household_is_not_found(as_staff, stranger, url_name):
    response = as_staff.get(reverse(url_name, args=[stranger.household_id]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "url_name",
    [
        "households:person-detail",
        "households:person-edit",
        "households:person-death",
        "households:person-move-away",
        "households:correction-create",
    ],
)
def test_another_townships_person_is_not_found(as_staff, stranger, url_name):
    response = as_staff.get(reverse(url_name, args=[stranger.pk]))

    assert response.status_code == 404


def test_another_townships_person_cannot_be_edited(as_staff, stranger):
    response = as_staff.post(
        reverse("households:person-edit", args=[stranger.pk]),
        {"ethnicity": "汉族", "version": stranger.version},
    )

    assert response.status_code == 404


def test_an_auditor_cannot_create_a_household(logged_in, auditor, village):
    client = logged_in(auditor)

    response = client.post(
        reverse("households:household-create"),
        {"village": village.pk, "number": "A1", "address": "x"},
    )

    assert response.status_code == 403
    assert not Household.objects.exists()


def test_an_auditor_reads_but_cannot_edit(logged_in, auditor, zhang):
    client = logged_in(auditor)

    assert (
        client.get(reverse("households:person-detail", args=[zhang.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("households:person-edit", args=[zhang.pk])).status_code
        == 403
    )


# --- households --------------------------------------------------------------------


def test_staff_register_a_household_and_add_a_person(as_staff, village):
    response = as_staff.post(
        reverse("households:household-create"),
        {"village": village.pk, "number": "0101", "address": "和平街2号"},
    )

    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "households:household-detail", args=[household.pk]
    )
    number = make_id_number(birth_date=datetime.date(1980, 5, 6), sex="M")
    response = as_staff.post(
        reverse("households:person-create", args=[household.pk]),
        {
            "name": "单明",
            "document_type": "resident_id",
            "id_number": number,
            "relation_to_head": "head",
            "marital_status": "married",
            "residence_status": "resident",
            "phones": "13800138000, 0531-1234567",
        },
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert (person.household, person.sex, person.birth_date) == (
        household,
        "M",
        datetime.date(1980, 5, 6),
    )
    assert person.name_pinyin == "shanming"
    assert person.phones == ["13800138000", "0531-1234567"]
    household.refresh_from_db()
    assert household.head == person
    detail = as_staff.get(reverse("households:household-detail", args=[household.pk]))
    assert person.masked_id_number in detail.content.decode()
    assert number not in detail.content.decode()


def test_a_duplicate_household_number_is_shown_on_the_field(as_staff, household):
    response = as_staff.post(
        reverse("households:household-create"),
        {"village": household.village_id, "number": household.number, "address": "x"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["number"]


def test_a_wrong_id_number_is_shown_on_the_field(as_staff, household):
    response = as_staff.post(
        reverse("households:person-create", args=[household.pk]),
        {
            "name": "李四",
            "document_type": "resident_id",
            "id_number": "110105194912310021",
            "relation_to_head": "other",
            "marital_status": "unknown",
            "residence_status": "resident",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["id_number"]
    assert not Person.objects.exists()


def test_staff_edit_a_households_address(as_staff, household):
    response = as_staff.post(
        reverse("households:household-edit", args=[household.pk]),
        {
            "number": household.number,
            "address": "幸福路9号",
            "version": household.version,
        },
    )

    household.refresh_from_db()
    assert response.status_code == 302
    assert (household.address, household.version) == ("幸福路9号", 2)


def test_an_edit_based_on_a_stale_version_shows_the_conflict_and_changes_nothing(
    as_staff, household
):
    Household.objects.filter(pk=household.pk).update(address="新地址", version=2)

    response = as_staff.post(
        reverse("households:household-edit", args=[household.pk]),
        {"number": household.number, "address": "我的地址", "version": 1},
    )

    page = response.content.decode()
    household.refresh_from_db()
    assert response.status_code == 200
    assert 'data-testid="conflict"' in page
    assert "新地址" in page
    assert "我的地址" in page
    assert household.address == "新地址"
    assert response.context["form"]["version"].value() == "2"


def test_a_stale_person_edit_changes_nothing(as_staff, zhang):
    Person.objects.filter(pk=zhang.pk).update(ethnicity="回族", version=5)

    response = as_staff.post(
        reverse("households:person-edit", args=[zhang.pk]),
        {
            "relation_to_head": "head",
            "ethnicity": "汉族",
            "marital_status": "unknown",
            "residence_status": "resident",
            "version": 1,
        },
    )

    zhang.refresh_from_db()
    assert 'data-testid="conflict"' in response.content.decode()
    assert zhang.ethnicity == "回族"


def test_staff_edit_a_persons_details(as_staff, zhang):
    response = as_staff.post(
        reverse("households:person-edit", args=[zhang.pk]),
        {
            "relation_to_head": "head",
            "ethnicity": "汉族",
            "marital_status": "married",
            "residence_status": "resident",
            "phones": "13900139000",
            "version": zhang.version,
        },
    )

    zhang.refresh_from_db()
    assert response.status_code == 302
    assert (zhang.ethnicity, zhang.marital_status, zhang.phones) == (
        "汉族",
        "married",
        ["13900139000"],
    )


# --- revealing the ID number ---------------------------------------------------------


def test_revealing_the_id_number_needs_a_reason(as_staff, zhang):
    response = as_staff.post(
        reverse("households:person-reveal-id", args=[zhang.pk]), {"reason": ""}
    )

    assert response.status_code == 200
    assert zhang.id_number not in response.content.decode()
    assert response.context["reveal_form"].errors["reason"]
    assert not AccessEvent.objects.exists()


def test_revealing_the_id_number_shows_it_once_and_logs_the_reason(
    as_staff, staff, zhang
):
    response = as_staff.post(
        reverse("households:person-reveal-id", args=[zhang.pk]),
        {"reason": "核对奖扶申请"},
    )

    assert zhang.id_number in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AccessEvent.objects.get()
    assert (event.user, event.kind, event.reason, event.object_id) == (
        staff,
        "unmask",
        "核对奖扶申请",
        str(zhang.pk),
    )
    detail = as_staff.get(reverse("households:person-detail", args=[zhang.pk]))
    assert zhang.id_number not in detail.content.decode()


def test_a_chief_may_not_reveal_id_numbers(logged_in, chief, zhang):
    client = logged_in(chief)

    response = client.post(
        reverse("households:person-reveal-id", args=[zhang.pk]), {"reason": "看看"}
    )

    assert response.status_code == 403
    assert not AccessEvent.objects.exists()


# --- query counts ---------------------------------------------------------------------


def _fill(village, count: int) -> None:
    for _ in range(count):
        household = HouseholdFactory.create(village=village)
        make_head(household, name="王芳")
        PersonFactory.create(household=household, name="王强")


@pytest.mark.parametrize(
    "url",
    [
        reverse("households:household-list"),
        reverse("households:person-search") + "?q=wang",
        reverse("households:correction-list"),
    ],
)
def test_list_pages_make_the_same_queries_for_more_rows(
    as_staff, staff, village, url, django_assert_max_num_queries
):
    _fill(village, 2)
    for person in Person.objects.all():
        CorrectionFactory.create(person=person, raised_by=staff)
    with django_assert_max_num_queries(12) as few:
        as_staff.get(url)
    _fill(village, 20)
    for person in Person.objects.all()[4:]:
        CorrectionFactory.create(person=person, raised_by=staff)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_staff.get(url)

    assert response.status_code == 200


def test_household_detail_queries_do_not_grow_with_members(
    as_staff, household, django_assert_max_num_queries
):
    make_head(household)
    url = reverse("households:household-detail", args=[household.pk])
    with django_assert_max_num_queries(12) as few:
        as_staff.get(url)
    for _ in range(10):
        PersonFactory.create(household=household)

    with django_assert_max_num_queries(len(few.captured_queries)):
        as_staff.get(url)


def test_the_menu_offers_the_register(as_staff):
    response = as_staff.get(reverse("home"))

    assert reverse("households:person-search") in response.content.decode()


def test_an_unknown_region_is_saved_with_a_warning(as_staff, household):
    number = make_id_number(
        birth_date=datetime.date(1990, 1, 2), sex="F", region="990101"
    )

    response = as_staff.post(
        reverse("households:person-create", args=[household.pk]),
        {
            "name": "王芳",
            "document_type": "resident_id",
            "id_number": number,
            "relation_to_head": "other",
            "marital_status": "unknown",
            "residence_status": "resident",
        },
        follow=True,
    )

    levels = [message.level_tag for message in response.context["messages"]]
    assert Person.objects.get().name == "王芳"
    assert "warning" in levels
