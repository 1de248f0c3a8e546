import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from bureau import crypto
from bureau.models import Notification
from bureau.roles import Role
from households import services
from households.models import Correction, Person
from households.services import ConflictError
from tests.bureau.factories import UserFactory
from tests.households.factories import (
    HouseholdFactory,
    PersonFactory,
    make_head,
    make_id_number,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def colleague(village):
    """Second staff member of the same township: the approver."""
    return UserFactory.create(role=Role.STAFF, townships=[village.township])


@pytest.fixture
def person(village):
    return PersonFactory.create(
        household=HouseholdFactory.create(village=village),
        name="张三",
        birth_date=datetime.date(1980, 6, 1),
        sex="M",
    )


def test_raise_then_approve_applies_and_records_before_after_and_approver(
    staff, colleague, person
):
    correction = services.raise_correction(
        by=staff, person=person, changes={"name": "张叁"}, reason="户口本为叁"
    )
    person.refresh_from_db()
    assert person.name == "张三"
    assert correction.status == Correction.Status.PENDING

    services.approve_correction(by=colleague, correction=correction)

    correction.refresh_from_db()
    person.refresh_from_db()
    assert correction.status == Correction.Status.APPLIED
    assert correction.before == {"name": "张三"}
    assert correction.after == {"name": "张叁"}
    assert correction.decided_by == colleague
    assert correction.raised_by == staff
    assert person.name == "张叁"
    assert person.name_pinyin == "zhangsan"
    assert person.version == 2


def test_the_raiser_is_notified_of_the_decision(staff, colleague, person):
    correction = services.raise_correction(
        by=staff, person=person, changes={"name": "张叁"}, reason="r"
    )

    services.approve_correction(by=colleague, correction=correction)

    assert Notification.objects.filter(recipient=staff).count() == 1


def test_the_raiser_cannot_approve_their_own_correction(staff, person):
    correction = services.raise_correction(
        by=staff, person=person, changes={"name": "张叁"}, reason="r"
    )

    with pytest.raises(PermissionDenied):
        services.approve_correction(by=staff, correction=correction)

    correction.refresh_from_db()
    assert correction.status == Correction.Status.PENDING


def test_a_user_without_the_approve_permission_cannot_approve(staff, chief, person):
    correction = services.raise_correction(
        by=staff, person=person, changes={"name": "张叁"}, reason="r"
    )

    with pytest.raises(PermissionDenied):
        services.approve_correction(by=chief, correction=correction)


def test_approval_is_a_conflict_when_the_facts_changed_since_raised(
    staff, colleague, person
):
    first = services.raise_correction(
        by=staff, person=person, changes={"name": "张叁"}, reason="r"
    )
    second = services.raise_correction(
        by=staff, person=person, changes={"name": "张山"}, reason="r"
    )
    services.approve_correction(by=colleague, correction=first)

    with pytest.raises(ConflictError) as excinfo:
        services.approve_correction(by=colleague, correction=second)

    assert excinfo.value.current.name == "张叁"
    second.refresh_from_db()
    assert second.status == Correction.Status.PENDING


def test_an_id_number_correction_stores_numbers_encrypted_and_rederives_facts(
    staff, colleague, person
):
    old_number = person.id_number
    new_number = make_id_number(birth_date=datetime.date(1981, 6, 1), sex="F", serial=7)

    correction = services.raise_correction(
        by=staff, person=person, changes={"id_number": new_number}, reason="录入错误"
    )

    assert crypto.decrypt(correction.before["id_number"]) == old_number
    assert crypto.decrypt(correction.after["id_number"]) == new_number
    assert new_number not in str(correction.after)
    assert correction.after["sex"] == "F"
    assert correction.after["birth_date"] == "1981-06-01"
    assert correction.before["birth_date"] == "1980-06-01"

    services.approve_correction(by=colleague, correction=correction)

    person.refresh_from_db()
    assert crypto.decrypt(person.id_number_encrypted) == new_number
    assert (person.sex, person.birth_date) == ("F", datetime.date(1981, 6, 1))
    assert person.id_last4 == new_number[-4:]
    assert Person.objects.filter(id_number_hash=person.id_number_hash).count() == 1


def test_a_sex_correction_that_contradicts_the_number_is_refused(staff, person):
    with pytest.raises(ValidationError) as excinfo:
        services.raise_correction(
            by=staff, person=person, changes={"sex": "F"}, reason="r"
        )

    assert "sex" in excinfo.value.message_dict


def test_a_correction_to_a_number_already_in_the_register_is_refused(
    staff, person, village
):
    other = PersonFactory.create(household=HouseholdFactory.create(village=village))

    with pytest.raises(ValidationError) as excinfo:
        services.raise_correction(
            by=staff, person=person, changes={"id_number": other.id_number}, reason="r"
        )

    assert "id_number" in excinfo.value.message_dict


def test_death_through_a_correction(staff, colleague, person):
    died = datetime.date(2024, 2, 29)
    correction = services.raise_correction(
        by=staff,
        person=person,
        changes={"is_alive": False, "died_on": died},
        reason="死亡证明",
    )

    assert correction.after == {"is_alive": False, "died_on": "2024-02-29"}
    assert correction.before == {"is_alive": True, "died_on": None}
    services.approve_correction(by=colleague, correction=correction)

    person.refresh_from_db()
    assert person.is_alive is False
    assert person.died_on == died


def test_a_death_needs_a_date_not_in_the_future(staff, person):
    with pytest.raises(ValidationError) as excinfo:
        services.raise_correction(
            by=staff, person=person, changes={"is_alive": False}, reason="r"
        )
    assert "died_on" in excinfo.value.message_dict

    with pytest.raises(ValidationError):
        services.raise_correction(
            by=staff,
            person=person,
            changes={"is_alive": False, "died_on": datetime.date(2999, 1, 1)},
            reason="r",
        )


def test_move_between_households_through_a_correction(
    staff, colleague, person, village
):
    old_household = person.household
    make_head(old_household, name="张父")
    Person.objects.filter(pk=person.pk).update(relation_to_head=Person.Relation.OTHER)
    target = HouseholdFactory.create(village=village)

    correction = services.raise_correction(
        by=staff, person=person, changes={"household": target}, reason="分户"
    )
    assert correction.before == {"household": old_household.pk}
    assert correction.after == {"household": target.pk}
    services.approve_correction(by=colleague, correction=correction)

    person.refresh_from_db()
    assert person.household == target


def test_moving_the_head_away_clears_the_old_households_head(staff, colleague, village):
    household = HouseholdFactory.create(village=village)
    head = make_head(household)
    target = HouseholdFactory.create(village=village)
    correction = services.raise_correction(
        by=staff, person=head, changes={"household": target}, reason="r"
    )

    services.approve_correction(by=colleague, correction=correction)

    household.refresh_from_db()
    head.refresh_from_db()
    assert household.head is None
    assert head.relation_to_head == Person.Relation.OTHER


def test_a_move_into_another_townships_household_is_refused(
    staff, person, other_village
):
    foreign = HouseholdFactory.create(village=other_village)

    with pytest.raises(ValidationError) as excinfo:
        services.raise_correction(
            by=staff, person=person, changes={"household": foreign}, reason="r"
        )

    assert "household" in excinfo.value.message_dict


def test_reject_keeps_the_facts_and_notifies_the_raiser(staff, colleague, person):
    correction = services.raise_correction(
        by=staff, person=person, changes={"name": "张叁"}, reason="r"
    )

    services.reject_correction(by=colleague, correction=correction, note="证据不足")

    correction.refresh_from_db()
    person.refresh_from_db()
    assert correction.status == Correction.Status.REJECTED
    assert correction.decision_note == "证据不足"
    assert person.name == "张三"
    assert Notification.objects.filter(recipient=staff).exists()


def test_a_decided_correction_cannot_be_approved_again(staff, colleague, person):
    correction = services.raise_correction(
        by=staff, person=person, changes={"name": "张叁"}, reason="r"
    )
    services.reject_correction(by=colleague, correction=correction, note="no")

    with pytest.raises(ValidationError):
        services.approve_correction(by=colleague, correction=correction)


def test_a_correction_that_changes_nothing_is_refused(staff, person):
    with pytest.raises(ValidationError) as excinfo:
        services.raise_correction(
            by=staff, person=person, changes={"name": "张三"}, reason="r"
        )

    assert "changes" in excinfo.value.message_dict


def test_unknown_facts_and_a_missing_reason_are_refused(staff, person):
    with pytest.raises(ValidationError):
        services.raise_correction(
            by=staff, person=person, changes={"phones": []}, reason="r"
        )
    with pytest.raises(ValidationError) as excinfo:
        services.raise_correction(
            by=staff, person=person, changes={"name": "李四"}, reason=" "
        )
    assert "reason" in excinfo.value.message_dict


def test_correction_changes_masks_id_numbers(staff, person):
    new_number = make_id_number(
        birth_date=datetime.date(1980, 6, 1), sex="M", serial=321
    )
    correction = services.raise_correction(
        by=staff, person=person, changes={"id_number": new_number}, reason="r"
    )

    rows = {row["field"]: row for row in services.correction_changes(correction)}

    assert rows["id_number"]["after"] == new_number[:4] + "*" * 10 + new_number[-4:]


def test_a_correction_to_an_empty_id_number_is_refused_on_the_field(staff, person):
    with pytest.raises(ValidationError) as refused:
        services.raise_correction(
            by=staff, person=person, changes={"id_number": ""}, reason="r"
        )

    assert "id_number" in refused.value.message_dict
    assert not Correction.objects.exists()
