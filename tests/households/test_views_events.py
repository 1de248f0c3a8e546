"""The register's pages: deaths, moves and corrections."""

import pytest
from django.urls import reverse

from bureau.roles import Role
from households.models import Correction, MigrantRecord, Person
from tests.bureau.factories import UserFactory
from tests.households.factories import (
    CorrectionFactory,
    HouseholdFactory,
)

pytestmark = pytest.mark.django_db

# --- events and corrections ---------------------------------------------------------


def test_recording_a_death_raises_a_correction_and_changes_nothing_yet(
    as_staff, staff, zhang
):
    response = as_staff.post(
        reverse("households:person-death", args=[zhang.pk]),
        {"died_on": "2024-03-01", "reason": "死亡证明 123"},
    )

    zhang.refresh_from_db()
    correction = Correction.objects.get()
    assert response.status_code == 302
    assert zhang.is_alive
    assert (correction.raised_by, correction.after) == (
        staff,
        {"is_alive": False, "died_on": "2024-03-01"},
    )


def test_recording_a_move_away(as_staff, zhang):
    response = as_staff.post(
        reverse("households:person-move-away", args=[zhang.pk]),
        {
            "county_code": "320583",
            "county_name": "昆山市",
            "since": "2024-02-01",
            "workplace": "电子厂",
            "version": zhang.version,
        },
    )

    zhang.refresh_from_db()
    assert response.status_code == 302
    assert zhang.residence_status == "moved_away"
    assert MigrantRecord.objects.get().direction == "outflow"


def test_moving_to_another_household_is_found_by_number(as_staff, zhang, village):
    target = HouseholdFactory.create(village=village, number="0202")

    response = as_staff.post(
        reverse("households:person-move-household", args=[zhang.pk]),
        {"village": village.pk, "number": "0202", "reason": "分户"},
    )

    assert response.status_code == 302
    assert Correction.objects.get().after == {"household": target.pk}


def test_a_household_in_another_township_cannot_be_the_target(
    as_staff, zhang, stranger
):
    other = stranger.household

    response = as_staff.post(
        reverse("households:person-move-household", args=[zhang.pk]),
        {"village": other.village_id, "number": other.number, "reason": "分户"},
    )

    assert response.status_code == 200
    assert not Correction.objects.exists()


def test_staff_raise_a_name_correction_from_the_person_page(as_staff, zhang):
    response = as_staff.post(
        reverse("households:correction-create", args=[zhang.pk]),
        {
            "name": "张炜",
            "sex": zhang.sex,
            "birth_date": zhang.birth_date.isoformat(),
            "reason": "户口本",
        },
    )

    assert response.status_code == 302
    assert Correction.objects.get().after == {"name": "张炜"}


def test_the_raiser_sees_no_approve_button_but_a_colleague_does(
    logged_in, staff, village, zhang
):
    CorrectionFactory.create(person=zhang, raised_by=staff)
    colleague = UserFactory.create(role=Role.STAFF, townships=[village.township])

    own = logged_in(staff).get(reverse("households:correction-list")).content.decode()
    theirs = (
        logged_in(colleague).get(reverse("households:correction-list")).content.decode()
    )

    assert 'data-testid="correction-decide"' not in own
    assert 'data-testid="correction-decide"' in theirs


def test_the_raiser_cannot_approve_their_own_correction(as_staff, staff, zhang):
    correction = CorrectionFactory.create(person=zhang, raised_by=staff)

    response = as_staff.post(
        reverse("households:correction-decide", args=[correction.pk]),
        {"decision": "approve"},
    )

    correction.refresh_from_db()
    assert response.status_code == 403
    assert correction.status == "pending"


def test_a_colleague_approves_a_correction(logged_in, staff, village, zhang):
    correction = CorrectionFactory.create(
        person=zhang,
        raised_by=staff,
        before={"name": "张伟"},
        after={"name": "张炜"},
    )
    colleague = UserFactory.create(role=Role.STAFF, townships=[village.township])

    response = logged_in(colleague).post(
        reverse("households:correction-decide", args=[correction.pk]),
        {"decision": "approve"},
    )

    correction.refresh_from_db()
    zhang.refresh_from_db()
    assert response.status_code == 302
    assert (correction.status, correction.decided_by) == ("applied", colleague)
    assert zhang.name == "张炜"


def test_an_auditor_cannot_decide_corrections(logged_in, auditor, staff, zhang):
    correction = CorrectionFactory.create(person=zhang, raised_by=staff)

    response = logged_in(auditor).post(
        reverse("households:correction-decide", args=[correction.pk]),
        {"decision": "reject", "note": "no"},
    )

    assert response.status_code == 403


def test_pending_corrections_come_first(as_staff, staff, zhang):
    CorrectionFactory.create(person=zhang, raised_by=staff, status="applied")
    pending = CorrectionFactory.create(person=zhang, raised_by=staff)

    response = as_staff.get(reverse("households:correction-list"))

    assert response.context["page"].object_list[0] == pending


def test_a_move_based_on_a_stale_version_records_nothing(as_staff, zhang):
    Person.objects.filter(pk=zhang.pk).update(version=3)

    response = as_staff.post(
        reverse("households:person-move-in", args=[zhang.pk]),
        {"county_code": "320583", "since": "2024-02-01", "version": 1},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["form"]["version"].value() == "3"
    assert not MigrantRecord.objects.exists()
