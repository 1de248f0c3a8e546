"""The person form: plausible parents, age warnings, the county of a move, grid staff."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bureau.roles import Role
from households import services
from households.models import CountyAgreement, MigrantRecord, Person
from tests.bureau.factories import UserFactory
from tests.households.factories import HouseholdFactory, PersonFactory, make_id_number

pytestmark = pytest.mark.django_db


def _member(household, name, born, sex, relation="other"):
    return PersonFactory.create(
        household=household,
        name=name,
        birth_date=born,
        sex=sex,
        relation_to_head=relation,
    )


@pytest.fixture
def family(household):
    """A head (1970), his wife (1975), a grandmother (1945), a boy (2005), a girl (2000)."""
    head = _member(household, "张伟", datetime.date(1970, 1, 1), "M", "head")
    household.head = head
    household.save(update_fields=["head"])
    return {
        "head": head,
        "wife": _member(household, "李娜", datetime.date(1975, 1, 1), "F", "spouse"),
        "grandmother": _member(
            household, "王秀英", datetime.date(1945, 1, 1), "F", "parent"
        ),
        "boy": _member(household, "张强", datetime.date(2005, 1, 1), "M", "son"),
        "girl": _member(household, "张丽", datetime.date(2000, 1, 1), "F", "daughter"),
    }


def _person_post(number, **extra):
    return {
        "name": "张小",
        "document_type": "resident_id",
        "id_number": number,
        "relation_to_head": "son",
        "marital_status": "unmarried",
        "residence_status": "resident",
        **extra,
    }


# --- mother and father ----------------------------------------------------------------


def test_parent_choices_are_women_and_men_of_the_household_old_enough(as_staff, family):
    response = as_staff.get(reverse("households:person-edit", args=[family["boy"].pk]))

    form = response.context["form"]
    assert set(form.fields["mother"].queryset) == {
        family["wife"],
        family["grandmother"],
    }
    assert set(form.fields["father"].queryset) == {family["head"]}
    assert "李娜 (1975)" in str(form["mother"])


def test_a_person_is_never_offered_as_their_own_or_a_younger_persons_parent(
    as_staff, family
):
    response = as_staff.get(reverse("households:person-edit", args=[family["wife"].pk]))

    form = response.context["form"]
    assert set(form.fields["mother"].queryset) == {family["grandmother"]}
    assert not form.fields["father"].queryset.exists()  # the head is 5 years older


def test_people_of_other_households_are_not_offered(as_staff, family, village):
    elsewhere = HouseholdFactory.create(village=village)
    _member(elsewhere, "赵敏", datetime.date(1950, 1, 1), "F")

    response = as_staff.get(reverse("households:person-edit", args=[family["boy"].pk]))

    names = {p.name for p in response.context["form"].fields["mother"].queryset}
    assert "赵敏" not in names


def test_a_recorded_parent_stays_selectable_when_editing(as_staff, family):
    boy = family["boy"]
    Person.objects.filter(pk=boy.pk).update(mother=family["girl"])  # an old mistake

    response = as_staff.post(
        reverse("households:person-edit", args=[boy.pk]),
        {
            "relation_to_head": "son",
            "marital_status": "unmarried",
            "residence_status": "resident",
            "ethnicity": "汉族",
            "mother": family["girl"].pk,
            "version": boy.version,
        },
    )

    assert response.status_code == 302
    boy.refresh_from_db()
    assert boy.ethnicity == "汉族"


def test_a_new_person_with_a_too_young_mother_is_refused(as_staff, household, family):
    number = make_id_number(birth_date=datetime.date(1985, 6, 1), sex="M", serial=7)

    response = as_staff.post(
        reverse("households:person-create", args=[household.pk]),
        _person_post(number, mother=family["wife"].pk),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["mother"] == [
        "李娜 is not at least 15 years older than this person."
    ]
    assert not Person.objects.filter(name="张小").exists()


def test_a_new_person_with_plausible_parents_is_added(as_staff, household, family):
    number = make_id_number(birth_date=datetime.date(2010, 6, 1), sex="M", serial=7)

    response = as_staff.post(
        reverse("households:person-create", args=[household.pk]),
        _person_post(number, mother=family["wife"].pk, father=family["head"].pk),
    )

    assert response.status_code == 302
    child = Person.objects.get(name="张小")
    assert (child.mother, child.father) == (family["wife"], family["head"])


def test_a_man_is_not_accepted_as_a_mother(as_staff, household, family):
    number = make_id_number(birth_date=datetime.date(2010, 6, 1), sex="M", serial=7)

    response = as_staff.post(
        reverse("households:person-create", args=[household.pk]),
        _person_post(number, mother=family["head"].pk),
    )

    assert response.context["form"].errors["mother"]


# --- age order warnings ------------------------------------------------------------------


def _warnings(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


def test_a_son_older_than_the_heads_spouse_is_added_with_a_warning(
    as_staff, household, family
):
    number = make_id_number(birth_date=datetime.date(1974, 6, 1), sex="M", serial=7)

    response = as_staff.post(
        reverse("households:person-create", args=[household.pk]),
        _person_post(number),
        follow=True,
    )

    assert Person.objects.filter(name="张小").exists()
    warnings = _warnings(response)
    assert len(warnings) == 1
    assert "张小" in warnings[0]
    assert "李娜" in warnings[0]


def test_a_son_older_than_the_heads_parent_is_warned_about(as_staff, household, family):
    number = make_id_number(birth_date=datetime.date(1940, 6, 1), sex="M", serial=7)

    response = as_staff.post(
        reverse("households:person-create", args=[household.pk]),
        _person_post(number),
        follow=True,
    )

    warnings = " ".join(_warnings(response))
    assert "王秀英" in warnings
    assert "张伟" in warnings
    assert "李娜" in warnings


def test_a_plausible_child_draws_no_warning(as_staff, household, family):
    number = make_id_number(birth_date=datetime.date(2010, 6, 1), sex="M", serial=7)

    response = as_staff.post(
        reverse("households:person-create", args=[household.pk]),
        _person_post(number),
        follow=True,
    )

    assert _warnings(response) == []


def test_making_an_old_member_a_son_when_editing_draws_the_warning(as_staff, family):
    grandmother = family["grandmother"]

    response = as_staff.post(
        reverse("households:person-edit", args=[grandmother.pk]),
        {
            "relation_to_head": "daughter",
            "marital_status": "widowed",
            "residence_status": "resident",
            "version": grandmother.version,
        },
        follow=True,
    )

    grandmother.refresh_from_db()
    assert grandmother.relation_to_head == "daughter"
    assert any("王秀英" in warning for warning in _warnings(response))


# --- the county of a move --------------------------------------------------------------


def _move(client, person, county, **extra):
    return client.post(
        reverse("households:person-move-away", args=[person.pk]),
        {
            "county_code": county,
            "since": "2024-03-01",
            "workplace": "",
            "contact": "",
            "version": person.version,
            **extra,
        },
    )


@pytest.mark.parametrize(
    "typed", ["历下区", "山东省济南市历下区", "370102", "370102 山东省济南市历下区"]
)
def test_the_destination_county_is_found_by_name_or_code(as_staff, zhang, typed):
    response = _move(as_staff, zhang, typed)

    assert response.status_code == 302
    record = MigrantRecord.objects.get()
    assert (record.county_code, record.county_name) == ("370102", "山东省济南市历下区")


def test_a_county_name_several_counties_share_asks_for_the_code(as_staff, zhang):
    response = _move(as_staff, zhang, "朝阳区")

    assert response.status_code == 200
    message = response.context["form"].errors["county_code"][0]
    assert "110105 北京市朝阳区" in message
    assert "220104" in message
    assert not MigrantRecord.objects.exists()


def test_an_unknown_county_name_is_refused_with_a_hint(as_staff, zhang):
    response = _move(as_staff, zhang, "不存在县")

    assert "type its 6-digit code" in response.context["form"].errors["county_code"][0]


def test_the_move_form_offers_the_county_lookup(as_staff, zhang):
    CountyAgreement.objects.create(
        county_code="320583", county_name="昆山市", signed_on=datetime.date(2020, 1, 1)
    )

    response = as_staff.get(reverse("households:person-move-away", args=[zhang.pk]))

    page = response.content.decode()
    assert 'list="county-options"' in page
    assert f'hx-get="{reverse("households:county-lookup")}"' in page
    assert '<datalist id="county-options">' in page
    assert "320583 江苏省苏州市昆山市" in page


def test_the_county_lookup_matches_names_and_code_prefixes(as_staff):
    url = reverse("households:county-lookup")

    by_name = as_staff.get(url, {"county_code": "历下"}).content.decode()
    by_code = as_staff.get(url, {"q": "3701"}).content.decode()

    assert '<option value="370102 山东省济南市历下区">' in by_name
    assert "370102 山东省济南市历下区" in by_code
    assert "110105" not in by_code
    assert by_code.count("<option") <= 20


def test_counties_with_an_agreement_come_first(as_staff):
    CountyAgreement.objects.create(
        county_code="110105", county_name="朝阳区", signed_on=datetime.date(2020, 1, 1)
    )

    page = as_staff.get(
        reverse("households:county-lookup"), {"q": "朝阳"}
    ).content.decode()

    assert page.index("110105") < page.index("220104")


# --- grid staff ----------------------------------------------------------------------


@pytest.fixture
def system_accounts(village):
    loader = UserFactory.create(role=Role.STAFF, townships=[village.township])
    loader.set_unusable_password()
    loader.save()
    superuser = UserFactory.create(
        role=Role.STAFF, townships=[village.township], is_superuser=True
    )
    return loader, superuser


def test_the_household_form_offers_only_staff_people(
    as_staff, staff, household, system_accounts
):
    inactive = UserFactory.create(
        role=Role.STAFF, townships=[household.village.township], is_active=False
    )
    response = as_staff.get(reverse("households:household-edit", args=[household.pk]))

    choices = set(response.context["form"].fields["grid_staff"].queryset)
    assert staff in choices
    assert not choices & {*system_accounts, inactive}


def test_the_service_refuses_a_system_account_as_grid_staff(
    staff, village, system_accounts
):
    for account in system_accounts:
        with pytest.raises(ValidationError) as error:
            services.register_household(
                by=staff, village=village, number="9", address="x", grid_staff=account
            )
        assert "grid_staff" in error.value.message_dict


def test_the_api_refuses_a_system_account_as_grid_staff(api, village, system_accounts):
    loader, _superuser = system_accounts

    response = api.post(
        "/api/v1/households/",
        {"village": village.pk, "number": "9", "address": "x", "grid_staff": loader.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "grid_staff" in response.json()


def test_a_households_grid_staff_are_chosen_among_its_own_townships_staff(
    logged_in, household, other_village
):
    both = UserFactory.create(
        role=Role.STAFF, townships=[household.village.township, other_village.township]
    )
    elsewhere = UserFactory.create(role=Role.STAFF, townships=[other_village.township])

    response = logged_in(both).get(
        reverse("households:household-edit", args=[household.pk])
    )

    choices = set(response.context["form"].fields["grid_staff"].queryset)
    assert both in choices
    assert elsewhere not in choices
