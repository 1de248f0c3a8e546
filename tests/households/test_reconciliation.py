"""Reconciliation imports: each matching rule of the hospital births and police events
files, refused files, and the register left untouched (deciding: test_reconciliation_queue)."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bureau import crypto
from households import reconciliation
from households.models import Correction, Person, ReconciliationItem, SourceBatch
from tests.households.factories import HouseholdFactory, PersonFactory
from tests.households.shared_files import (
    HOSPITAL,
    HOSPITAL_HEADER,
    POLICE,
    POLICE_HEADER,
    child_of,
    days_ago,
    hospital_row,
    import_file,
    make_mother,
    make_resident,
    police_row,
)

Kind = ReconciliationItem.Kind


@pytest.fixture
def mother(village):
    return make_mother(village)


@pytest.fixture
def resident(village):
    return make_resident(village)


# Hospital births


def test_a_registered_child_with_the_same_name_and_birth_date_is_fine(staff, mother):
    child_of(mother)

    batch = import_file(staff, HOSPITAL, HOSPITAL_HEADER, hospital_row(mother))

    assert batch.rows == 1
    assert not batch.items.exists()


def test_a_birth_the_register_lacks_is_missing_from_the_register(staff, mother):
    batch = import_file(staff, HOSPITAL, HOSPITAL_HEADER, hospital_row(mother))

    item = batch.items.get()
    assert item.kind == Kind.MISSING_FROM_REGISTER
    assert item.person == mother
    assert item.township == mother.household.village.township
    assert item.source_row == 2
    assert item.differences[0]["register"] is None


def test_a_mother_not_in_the_register_leaves_the_item_unplaced(staff):
    stranger = PersonFactory.build(sex="F", birth_date=datetime.date(1991, 2, 3))

    batch = import_file(staff, HOSPITAL, HOSPITAL_HEADER, hospital_row(stranger))

    item = batch.items.get()
    assert item.kind == Kind.MISSING_FROM_REGISTER
    assert item.township is None
    assert item.person is None


def test_a_child_recorded_only_as_her_child_elsewhere_still_matches(
    staff, mother, other_village
):
    child = child_of(mother)
    Person.objects.filter(pk=child.pk).update(
        household=HouseholdFactory.create(village=other_village)
    )

    batch = import_file(staff, HOSPITAL, HOSPITAL_HEADER, hospital_row(mother))

    assert not batch.items.exists()


def test_a_matched_child_of_the_other_sex_is_facts_differ(staff, mother):
    child = child_of(mother, sex="F")

    batch = import_file(staff, HOSPITAL, HOSPITAL_HEADER, hospital_row(mother))

    item = batch.items.get()
    assert item.kind == Kind.FACTS_DIFFER
    assert item.person == child
    assert item.differences == [{"field": "sex", "register": "F", "source": "M"}]


def test_a_matched_child_born_another_day_is_facts_differ(staff, mother):
    child = child_of(mother, birth_date=days_ago(25))

    batch = import_file(
        staff, HOSPITAL, HOSPITAL_HEADER, hospital_row(mother, birth_date=days_ago(20))
    )

    item = batch.items.get()
    assert item.kind == Kind.FACTS_DIFFER
    assert item.person == child
    assert item.differences == [
        {
            "field": "birth_date",
            "register": days_ago(25).isoformat(),
            "source": days_ago(20).isoformat(),
        }
    ]


def test_a_register_birth_in_the_files_dates_without_a_row_is_missing_from_source(
    staff, mother, resident
):
    other_mother = PersonFactory.create(
        household=resident.household, sex="F", birth_date=datetime.date(1985, 1, 1)
    )
    unlisted = child_of(other_mother, name="赵小花", sex="F", birth_date=days_ago(15))
    child_of(other_mother, name="赵小草", sex="F", birth_date=days_ago(40))

    batch = import_file(
        staff,
        HOSPITAL,
        HOSPITAL_HEADER,
        hospital_row(mother, birth_date=days_ago(20)),
        hospital_row(mother, name="王二宝", birth_date=days_ago(10)),
    )

    missing = batch.items.get(kind=Kind.MISSING_FROM_SOURCE)
    assert missing.person == unlisted
    assert missing.township == resident.household.village.township
    assert missing.differences[0]["source"] is None
    assert batch.items.filter(kind=Kind.MISSING_FROM_REGISTER).count() == 2


def test_a_hospital_file_spanning_years_is_refused(staff, mother):
    with pytest.raises(reconciliation.SourceFileRefused):
        import_file(
            staff,
            HOSPITAL,
            HOSPITAL_HEADER,
            hospital_row(mother, birth_date=days_ago(10)),
            hospital_row(mother, name="王二宝", birth_date=days_ago(800)),
        )

    assert not SourceBatch.objects.exists()


# Police events


def test_death_of_a_person_alive_in_the_register_is_facts_differ(staff, resident):
    batch = import_file(staff, POLICE, POLICE_HEADER, police_row(resident, "死亡"))

    item = batch.items.get()
    assert item.kind == Kind.FACTS_DIFFER
    assert item.person == resident
    assert item.differences == [
        {"field": "is_alive", "register": True, "source": False},
        {"field": "died_on", "register": None, "source": days_ago(3).isoformat()},
    ]


@pytest.mark.parametrize("event", ["出生", "迁入", "birth", "move_in"])
def test_birth_or_move_in_of_an_unknown_number_is_missing_from_the_register(
    staff, event
):
    newcomer = PersonFactory.build(birth_date=days_ago(300), sex="F")

    batch = import_file(
        staff, POLICE, POLICE_HEADER, police_row(newcomer, event, name="周小丽")
    )

    item = batch.items.get()
    assert item.kind == Kind.MISSING_FROM_REGISTER
    assert item.township is None
    assert item.source_facts["name"] == "周小丽"


def test_move_out_of_a_resident_is_facts_differ_on_residence(staff, resident):
    batch = import_file(staff, POLICE, POLICE_HEADER, police_row(resident, "迁出"))

    item = batch.items.get()
    assert item.kind == Kind.FACTS_DIFFER
    assert item.differences == [
        {"field": "residence_status", "register": "resident", "source": "moved_away"}
    ]


def test_differing_name_sex_and_birth_date_are_facts_differ(staff, resident):
    batch = import_file(
        staff,
        POLICE,
        "id_number,event,event_date,name,sex,birth_date",
        police_row(resident, "move_in", name="张卫", sex="女", birth_date="1980-01-02"),
    )

    item = batch.items.get()
    assert {d["field"]: (d["register"], d["source"]) for d in item.differences} == {
        "name": ("张伟", "张卫"),
        "sex": ("M", "F"),
        "birth_date": ("1980-01-01", "1980-01-02"),
    }


def test_agreeing_events_queue_nothing(staff, resident):
    batch = import_file(
        staff,
        POLICE,
        POLICE_HEADER,
        police_row(resident, "迁入", name="张伟", sex="男", birth_date="1980-01-01"),
    )

    assert batch.rows == 1
    assert not batch.items.exists()


@pytest.mark.parametrize("event", ["死亡", "迁出", "death", "move_out"])
def test_death_or_move_out_of_an_unknown_number_is_queued_not_dropped(staff, event):
    stranger = PersonFactory.build(birth_date=datetime.date(1940, 1, 1))

    batch = import_file(
        staff, POLICE, POLICE_HEADER, police_row(stranger, event, name="赵老汉")
    )

    item = batch.items.get()
    assert item.kind == Kind.MISSING_FROM_REGISTER
    assert item.township is None
    assert item.person is None
    assert item.source_facts["event"] in ("death", "move_out")
    assert item.source_facts["name"] == "赵老汉"
    assert crypto.decrypt(item.source_facts["id_number"]) == stranger.id_number
    assert not Person.objects.filter(id_number_hash=stranger.id_number_hash).exists()


def test_id_numbers_in_the_source_facts_are_encrypted(staff, resident):
    batch = import_file(staff, POLICE, POLICE_HEADER, police_row(resident, "死亡"))

    facts = batch.items.get().source_facts
    assert resident.id_number not in json.dumps(facts)
    assert crypto.decrypt(facts["id_number"]) == resident.id_number
    assert (
        facts["id_masked"]
        == resident.id_number[:4] + "*" * 10 + (resident.id_number[-4:])
    )


# Refusals and the register left alone


def test_the_same_file_twice_is_refused(staff, resident):
    import_file(
        staff, POLICE, POLICE_HEADER, police_row(resident, "死亡", on="2024-01-02")
    )

    with pytest.raises(ValidationError) as refused:
        import_file(
            staff, POLICE, POLICE_HEADER, police_row(resident, "死亡", on="2024-01-02")
        )

    assert refused.value.code == "duplicate"
    assert SourceBatch.objects.count() == 1
    assert ReconciliationItem.objects.count() == 1


def test_a_bad_row_refuses_the_whole_file_and_writes_nothing(staff, resident):
    bad_number = resident.id_number[:-1] + (
        "0" if resident.id_number[-1] != "0" else "1"
    )

    with pytest.raises(reconciliation.SourceFileRefused) as refused:
        import_file(
            staff,
            POLICE,
            POLICE_HEADER,
            police_row(resident, "死亡"),
            f"{bad_number},死亡,{days_ago(1)},,,",
            police_row(resident, "结婚"),
            police_row(resident, "迁出", on="2099-01-01"),
        )

    report = {(error.row, error.column) for error in refused.value.report}
    assert report == {(3, "证件号码"), (4, "事件"), (5, "日期")}
    assert not SourceBatch.objects.exists()
    assert not ReconciliationItem.objects.exists()


def test_a_file_with_wrong_headers_is_refused(staff):
    with pytest.raises(ValidationError, match="证件号码"):
        import_file(staff, POLICE, "甲,乙,丙", "1,2,3")


def test_an_import_changes_nothing_in_the_register(staff, mother, resident):
    child_of(mother, sex="F")
    before = list(Person.objects.order_by("pk").values())

    import_file(staff, HOSPITAL, HOSPITAL_HEADER, hospital_row(mother))
    import_file(
        staff,
        POLICE,
        POLICE_HEADER,
        police_row(resident, "死亡"),
        police_row(mother, "迁出", name="李芳芳"),
    )

    assert list(Person.objects.order_by("pk").values()) == before
    assert not Correction.objects.exists()


def test_auditors_cannot_import(auditor, resident):
    with pytest.raises(PermissionDenied):
        import_file(auditor, POLICE, POLICE_HEADER, police_row(resident, "死亡"))
