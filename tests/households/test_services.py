import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from bureau import crypto
from households import services
from households.idnumbers import DocumentType
from households.models import Household, Person
from households.services import ConflictError
from tests.households.factories import (
    HouseholdFactory,
    PersonFactory,
    make_head,
    make_id_number,
    make_legacy_id_number,
)

BORN = datetime.date(1985, 3, 7)
NUMBER = make_id_number(birth_date=BORN, sex="M", serial=12)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def household(village):
    return HouseholdFactory.create(village=village)


def register(staff, household, **overrides):
    values = {"name": "王小明", "id_number": NUMBER}
    values.update(overrides)
    return services.register_person(by=staff, household=household, **values)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_register_person_derives_sex_and_birth_date_from_the_number(staff, household):
    person = register(staff, household)

    person.refresh_from_db()
    assert (person.sex, person.birth_date) == ("M", BORN)
    assert person.masked_id_number == NUMBER[:4] + "*" * 10 + NUMBER[-4:]
    assert person.name_pinyin == "wangxiaoming"
    assert person.name_initials == "wxm"
    assert person.id_warnings == []


def test_entered_sex_and_birth_date_that_disagree_name_both_values(staff, household):
    with pytest.raises(ValidationError) as excinfo:
        register(staff, household, sex="F", birth_date=datetime.date(1985, 3, 8))

    errors = errors_of(excinfo)
    assert "female" in errors["sex"][0]
    assert "male" in errors["sex"][0].replace("female", "")
    assert "1985-03-08" in errors["birth_date"][0]
    assert "1985-03-07" in errors["birth_date"][0]
    assert not Person.objects.exists()


def test_number_with_a_birth_date_in_the_future_is_refused(staff, household):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)  # noqa: DTZ011
    number = make_id_number(birth_date=tomorrow, sex="F")

    with pytest.raises(ValidationError) as excinfo:
        register(staff, household, id_number=number)

    assert "future" in errors_of(excinfo)["id_number"][0]


def test_wrong_check_character_is_refused(staff, household):
    wrong = NUMBER[:17] + ("0" if NUMBER[17] != "0" else "1")

    with pytest.raises(ValidationError) as excinfo:
        register(staff, household, id_number=wrong)

    assert "check character" in errors_of(excinfo)["id_number"][0]


def test_a_number_already_in_the_register_is_refused_without_details(
    staff, household, other_village
):
    PersonFactory.create(
        household=HouseholdFactory.create(village=other_village), id_number=NUMBER
    )

    with pytest.raises(ValidationError) as excinfo:
        register(staff, household, id_number=" " + NUMBER.lower() + " ")

    message = errors_of(excinfo)["id_number"][0]
    assert message == "This ID number is already in the register."
    assert Person.objects.count() == 1


def test_legacy_15_digit_number_is_converted_and_the_original_kept_encrypted(
    staff, household
):
    legacy = make_legacy_id_number(birth_date=datetime.date(1962, 5, 1), sex="F")

    person = register(staff, household, id_number=legacy)

    person.refresh_from_db()
    assert crypto.decrypt(person.id_legacy_encrypted) == legacy
    full = crypto.decrypt(person.id_number_encrypted)
    assert len(full) == 18
    assert full[6:8] == "19"
    assert person.birth_date == datetime.date(1962, 5, 1)
    assert person.sex == "F"


def test_hmt_permit_is_accepted_with_its_own_prefix(staff, household):
    permit = make_id_number(birth_date=BORN, sex="F", region="810000")

    person = register(
        staff, household, id_number=permit, document_type=DocumentType.HMT_PERMIT
    )

    assert person.document_type == DocumentType.HMT_PERMIT
    assert person.sex == "F"


def test_a_resident_number_given_as_hmt_permit_is_refused(staff, household):
    with pytest.raises(ValidationError) as excinfo:
        register(staff, household, document_type=DocumentType.HMT_PERMIT)

    assert "810000" in errors_of(excinfo)["id_number"][0]


def test_unknown_region_is_only_a_warning(staff, household):
    number = make_id_number(birth_date=BORN, sex="M", region="999999")

    person = register(staff, household, id_number=number)

    assert Person.objects.filter(pk=person.pk).exists()
    assert "999999" in person.id_warnings[0]


def test_the_plain_number_appears_in_no_column_of_the_persons_table(staff, household):
    legacy = make_legacy_id_number(birth_date=datetime.date(1970, 1, 2), sex="M")
    person = register(staff, household, id_number=legacy)
    full = crypto.decrypt(Person.objects.get(pk=person.pk).id_number_encrypted)

    with connection.cursor() as cursor:
        table = Person._meta.db_table
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [person.pk])  # noqa: S608
        row = cursor.fetchone()

    text = " ".join(str(value) for value in row)
    assert full not in text
    assert legacy not in text
    assert full[-4:] in text  # only the last four, for masked lists


def test_one_head_per_household(staff, household):
    head = register(staff, household, relation_to_head=Person.Relation.HEAD)
    household.refresh_from_db()
    assert household.head == head
    assert household.version == 2

    with pytest.raises(ValidationError) as excinfo:
        register(
            staff,
            household,
            name="王二",
            id_number=make_id_number(birth_date=BORN, sex="F", serial=99),
            relation_to_head=Person.Relation.HEAD,
        )

    assert "relation_to_head" in errors_of(excinfo)
    assert household.members.count() == 1


def test_staff_cannot_register_into_another_townships_household(staff, other_village):
    foreign = HouseholdFactory.create(village=other_village)

    with pytest.raises(ValidationError) as excinfo:
        register(staff, foreign)

    assert "household" in errors_of(excinfo)
    assert not Person.objects.exists()


def test_other_document_needs_sex_and_birth_date_entered(staff, household):
    with pytest.raises(ValidationError) as excinfo:
        register(
            staff, household, id_number="P1234567", document_type=DocumentType.OTHER
        )

    assert set(errors_of(excinfo)) == {"sex", "birth_date"}
    person = register(
        staff,
        household,
        id_number="P1234567",
        document_type=DocumentType.OTHER,
        sex="F",
        birth_date=BORN,
    )
    assert person.birth_date == BORN


def test_register_household_refuses_a_number_used_in_the_village(staff, village):
    services.register_household(by=staff, village=village, number="001", address="一号")

    with pytest.raises(ValidationError) as excinfo:
        services.register_household(
            by=staff, village=village, number="001", address="二号"
        )

    assert "number" in errors_of(excinfo)


def test_register_household_refuses_another_townships_village(staff, other_village):
    with pytest.raises(ValidationError) as excinfo:
        services.register_household(
            by=staff, village=other_village, number="1", address="x"
        )

    assert "village" in errors_of(excinfo)
    assert not Household.objects.exists()


def test_update_household_raises_the_version(staff, household):
    updated = services.update_household(
        by=staff, household=household, expected_version=1, address="新地址"
    )

    assert (updated.address, updated.version) == ("新地址", 2)


def test_stale_household_edit_is_a_conflict_and_writes_nothing(staff, household):
    services.update_household(
        by=staff, household=household, expected_version=1, address="A"
    )

    with pytest.raises(ConflictError) as excinfo:
        services.update_household(
            by=staff, household=household, expected_version=1, address="B"
        )

    assert excinfo.value.current.address == "A"
    household.refresh_from_db()
    assert (household.address, household.version) == ("A", 2)


def test_changing_the_head_moves_the_role_to_the_new_member(staff, household):
    old = make_head(household)
    new = PersonFactory.create(household=household)

    updated = services.update_household(
        by=staff, household=household, expected_version=1, head=new
    )

    assert updated.head == new
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.relation_to_head == Person.Relation.OTHER
    assert new.relation_to_head == Person.Relation.HEAD


def test_head_must_be_a_member(staff, household, village):
    stranger = PersonFactory.create(household=HouseholdFactory.create(village=village))

    with pytest.raises(ValidationError) as excinfo:
        services.update_household(
            by=staff, household=household, expected_version=1, head=stranger
        )

    assert "head" in errors_of(excinfo)


def test_update_person_refuses_core_facts(staff, household):
    person = PersonFactory.create(household=household)

    with pytest.raises(ValidationError) as excinfo:
        services.update_person(by=staff, person=person, expected_version=1, name="改名")

    assert "correction" in errors_of(excinfo)["name"][0]


def test_update_person_changes_non_core_facts_and_pinyin(staff, household):
    person = PersonFactory.create(household=household, name="单明")

    updated = services.update_person(
        by=staff,
        person=person,
        expected_version=1,
        phones=["13800138000", " "],
        manual_pinyin="shan ming",
        marital_status=Person.MaritalStatus.MARRIED,
    )

    assert updated.version == 2
    assert updated.phones == ["13800138000"]
    assert updated.name_initials == "sm"


def test_stale_person_edit_is_a_conflict(staff, household):
    person = PersonFactory.create(household=household)
    services.update_person(
        by=staff, person=person, expected_version=1, ethnicity="汉族"
    )

    with pytest.raises(ConflictError):
        services.update_person(
            by=staff, person=person, expected_version=1, ethnicity="回族"
        )

    person.refresh_from_db()
    assert person.ethnicity == "汉族"


def test_becoming_head_through_update_person_keeps_one_head(staff, household):
    make_head(household)
    person = PersonFactory.create(household=household)

    with pytest.raises(ValidationError):
        services.update_person(
            by=staff,
            person=person,
            expected_version=1,
            relation_to_head=Person.Relation.HEAD,
        )


def test_writes_are_audited_with_the_acting_user_and_service(staff, household):
    person = register(staff, household)

    event = Person.pgh_event_model.objects.get(pgh_obj_id=person.pk)
    assert event.pgh_context.metadata["user"] == staff.pk
    assert event.pgh_context.metadata["action"] == "register_person"


def test_grid_staff_are_township_staff_serving_the_households_township(
    staff, household, village, other_village, chief
):
    from bureau.roles import Role
    from tests.bureau.factories import UserFactory

    colleague = UserFactory.create(role=Role.STAFF, townships=[village.township])
    outsider = UserFactory.create(role=Role.STAFF, townships=[other_village.township])

    for refused in (outsider, chief):
        with pytest.raises(ValidationError) as error:
            services.update_household(
                by=staff, household=household, expected_version=1, grid_staff=refused
            )
        assert "grid_staff" in error.value.message_dict
    saved = services.update_household(
        by=staff, household=household, expected_version=1, grid_staff=colleague
    )
    assert saved.grid_staff == colleague
    with pytest.raises(ValidationError):
        services.register_household(
            by=staff, village=village, number="9", address="x", grid_staff=outsider
        )


def test_only_the_core_facts_a_client_changed_count_as_changes(household):
    from tests.households.factories import PersonFactory

    person = PersonFactory.create(household=household)
    sent_back = {
        "name": person.name,
        "sex": person.sex.lower(),
        "birth_date": person.birth_date.isoformat(),
        "household": person.household_id,
        "is_alive": True,
        "died_on": None,
        "ethnicity": "回族",
    }

    assert services.changed_core_facts(person, sent_back) == {}
    assert services.changed_core_facts(person, {**sent_back, "name": "新名"}) == {
        "name": "新名"
    }
