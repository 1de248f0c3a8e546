"""Deciding the reconciliation queue: corrections, dismissals, scope, owners, counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from households import indicators, reconciliation, selectors
from households.models import Correction, ReconciliationItem, SourceBatch
from households.reconciliation import Action
from tests.bureau.factories import UserFactory
from tests.households.factories import PersonFactory
from tests.households.shared_files import (
    HOSPITAL,
    HOSPITAL_HEADER,
    POLICE,
    POLICE_HEADER,
    child_of,
    csv_file,
    days_ago,
    hospital_row,
    import_file,
    make_mother,
    make_resident,
    police_row,
)


@pytest.fixture
def mother(village):
    return make_mother(village)


@pytest.fixture
def resident(village):
    return make_resident(village)


@pytest.fixture
def death_item(staff, resident):
    batch = import_file(staff, POLICE, POLICE_HEADER, police_row(resident, "死亡"))
    return batch.items.get()


def test_resolving_with_a_correction_raises_a_pending_linked_correction(
    staff, death_item, resident
):
    item = reconciliation.resolve_item(
        by=staff, item=death_item, resolution="", action=Action.CORRECT
    )

    correction = item.correction
    assert correction.status == Correction.Status.PENDING
    assert correction.source == Correction.Source.POLICE
    assert correction.person == resident
    assert correction.after == {
        "is_alive": False,
        "died_on": days_ago(3).isoformat(),
    }
    assert item.status == ReconciliationItem.Status.RESOLVED
    assert item.resolved_by == staff
    assert item.resolved_at is not None
    resident.refresh_from_db()
    assert resident.is_alive


def test_a_child_registered_under_another_name_is_corrected_from_the_hospital(
    staff, mother
):
    child = child_of(mother, name="王子轩")
    item = import_file(
        staff, HOSPITAL, HOSPITAL_HEADER, hospital_row(mother)
    ).items.get()
    assert item.person == child
    assert item.differences == [
        {"field": "name", "register": "王子轩", "source": "王小宝"}
    ]

    item = reconciliation.resolve_item(
        by=staff, item=item, resolution="", action=Action.CORRECT
    )

    assert item.correction.source == Correction.Source.HOSPITAL
    assert item.correction.after == {"name": "王小宝"}
    assert "shared.csv" in item.correction.reason


def test_a_correction_the_id_number_contradicts_leaves_the_item_open(staff, mother):
    child_of(mother, sex="F")
    item = import_file(
        staff, HOSPITAL, HOSPITAL_HEADER, hospital_row(mother)
    ).items.get()

    with pytest.raises(ValidationError):
        # The child's ID number says female: the correction service refuses "male".
        reconciliation.resolve_item(
            by=staff, item=item, resolution="", action=Action.CORRECT
        )
    item.refresh_from_db()
    assert item.status == ReconciliationItem.Status.OPEN


def test_dismissing_needs_a_reason_and_closes_the_item(staff, death_item):
    with pytest.raises(ValidationError):
        reconciliation.resolve_item(
            by=staff, item=death_item, resolution=" ", action=Action.DISMISS
        )

    item = reconciliation.resolve_item(
        by=staff, item=death_item, resolution="同名不同人", action=Action.DISMISS
    )

    assert item.status == ReconciliationItem.Status.DISMISSED
    assert item.resolution == "同名不同人"


def test_a_missing_birth_is_resolved_by_registering_with_a_note(staff, mother):
    item = import_file(
        staff, HOSPITAL, HOSPITAL_HEADER, hospital_row(mother)
    ).items.get()

    assert Action.CORRECT not in reconciliation.available_actions(staff, item)
    item = reconciliation.resolve_item(
        by=staff, item=item, resolution="已登记入户", action=Action.REGISTER
    )

    assert item.status == ReconciliationItem.Status.RESOLVED


def test_only_open_items_are_resolved(staff, death_item):
    reconciliation.resolve_item(
        by=staff, item=death_item, resolution="核实无误", action=Action.DISMISS
    )

    with pytest.raises((ValidationError, PermissionDenied)):
        reconciliation.resolve_item(
            by=staff, item=death_item, resolution="", action=Action.CORRECT
        )
    assert not Correction.objects.exists()


def test_staff_of_another_township_cannot_resolve(death_item, other_village):
    outsider = UserFactory.create(townships=[other_village.township])

    with pytest.raises(PermissionDenied):
        reconciliation.resolve_item(
            by=outsider, item=death_item, resolution="x", action=Action.DISMISS
        )


def test_unplaced_items_are_read_only_for_everyone(staff, chief):
    newcomer = PersonFactory.build(birth_date=days_ago(300))
    item = import_file(
        staff, POLICE, POLICE_HEADER, police_row(newcomer, "出生")
    ).items.get()

    assert not selectors.visible_reconciliation_items(staff).filter(pk=item.pk).exists()
    assert selectors.visible_reconciliation_items(chief).filter(pk=item.pk).exists()
    for user in (staff, chief):
        with pytest.raises(PermissionDenied):
            reconciliation.resolve_item(
                by=user, item=item, resolution="x", action=Action.DISMISS
            )


def test_an_item_is_assigned_only_to_someone_serving_its_township(
    staff, death_item, village, other_village
):
    colleague = UserFactory.create(townships=[village.township])
    outsider = UserFactory.create(townships=[other_village.township])

    with pytest.raises(ValidationError):
        reconciliation.assign_item(by=staff, item=death_item, owner=outsider)
    item = reconciliation.assign_item(by=staff, item=death_item, owner=colleague)

    assert item.owner == colleague
    assert colleague.notifications.count() == 1


def test_open_items_are_counted_per_township(staff, death_item, village):
    newcomer = PersonFactory.build(birth_date=days_ago(300))
    import_file(staff, POLICE, POLICE_HEADER, police_row(newcomer, "出生"))

    assert indicators.open_reconciliation_counts_by_township() == {
        village.township_id: 1
    }
    reconciliation.resolve_item(
        by=staff, item=death_item, resolution="核实", action=Action.DISMISS
    )
    assert indicators.open_reconciliation_counts_by_township() == {}


# Pages


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def _upload(client, source, header, *rows):
    upload = SimpleUploadedFile("file.csv", csv_file(header, *rows).getvalue())
    return client.post(
        reverse("households:source-upload"), {"source": source, "file": upload}
    )


def test_an_upload_with_bad_rows_shows_the_row_report(as_user, staff, resident):
    response = _upload(
        as_user(staff), POLICE, POLICE_HEADER, police_row(resident, "结婚")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="source-errors"' in page
    assert "结婚" in page
    assert not SourceBatch.objects.exists()


def test_an_upload_leads_to_the_queue_of_that_file(as_user, staff, resident):
    response = _upload(
        as_user(staff), POLICE, POLICE_HEADER, police_row(resident, "死亡")
    )

    batch = SourceBatch.objects.get()
    assert response.status_code == 302
    assert f"batch={batch.pk}" in response.url
    page = as_user(staff).get(response.url).content.decode()
    assert "张伟" in page
    assert resident.id_number not in page


def test_auditors_cannot_upload(as_user, auditor):
    response = as_user(auditor).get(reverse("households:source-upload"))

    assert response.status_code == 403


def test_the_queue_shows_only_the_users_townships(
    as_user, staff, chief, resident, other_village, django_assert_max_num_queries
):
    outsider = make_resident(other_village)
    newcomer = PersonFactory.build(birth_date=days_ago(300))
    import_file(
        staff,
        POLICE,
        POLICE_HEADER,
        police_row(resident, "死亡"),
        police_row(outsider, "迁出"),
        police_row(newcomer, "出生"),
    )
    url = reverse("households:reconciliation-list")

    client = as_user(staff)
    with django_assert_max_num_queries(12):
        staff_page = client.get(url).content.decode()
    chief_page = as_user(chief).get(f"{url}?township=none").content.decode()

    rows = 'data-testid="item-differences"'
    assert staff_page.count(rows) == 1
    assert resident.masked_id_number in staff_page
    assert outsider.masked_id_number not in staff_page
    assert chief_page.count(rows) == 1
    assert resident.masked_id_number not in chief_page


def test_another_townships_item_answers_404(as_user, staff, other_village):
    outsider = make_resident(other_village)
    item = import_file(
        staff, POLICE, POLICE_HEADER, police_row(outsider, "死亡")
    ).items.get()
    client = as_user(staff)

    detail = client.get(reverse("households:reconciliation-detail", args=[item.pk]))
    resolve = client.post(
        reverse("households:reconciliation-resolve", args=[item.pk]),
        {"action": "dismiss", "resolution": "x"},
    )

    assert detail.status_code == 404
    assert resolve.status_code == 404


def test_staff_cannot_see_unplaced_items_and_chiefs_only_read_them(
    as_user, staff, chief
):
    newcomer = PersonFactory.build(birth_date=days_ago(300))
    item = import_file(
        staff, POLICE, POLICE_HEADER, police_row(newcomer, "出生")
    ).items.get()
    url = reverse("households:reconciliation-detail", args=[item.pk])

    assert as_user(staff).get(url).status_code == 404
    page = as_user(chief).get(url).content.decode()
    assert 'data-testid="item-read-only"' in page
    assert newcomer.id_number not in page
    resolve = as_user(chief).post(
        reverse("households:reconciliation-resolve", args=[item.pk]),
        {"action": "dismiss", "resolution": "x"},
    )
    assert resolve.status_code == 403


def test_resolving_from_the_page_with_htmx_returns_the_decision_panel(
    as_user, staff, resident
):
    item = import_file(
        staff, POLICE, POLICE_HEADER, police_row(resident, "死亡")
    ).items.get()
    client = as_user(staff)
    page = client.get(reverse("households:reconciliation-detail", args=[item.pk]))
    assert 'data-testid="item-resolve-form"' in page.content.decode()

    response = client.post(
        reverse("households:reconciliation-resolve", args=[item.pk]),
        {"action": "correct", "resolution": "派出所死亡注销"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    panel = response.content.decode()
    assert 'id="item-decision"' in panel
    assert "<html" not in panel
    assert 'data-testid="item-correction"' in panel
    item.refresh_from_db()
    assert item.correction.reason == "派出所死亡注销"


def test_a_dismissal_without_a_reason_shows_the_error(as_user, staff, resident):
    item = import_file(
        staff, POLICE, POLICE_HEADER, police_row(resident, "死亡")
    ).items.get()

    response = as_user(staff).post(
        reverse("households:reconciliation-resolve", args=[item.pk]),
        {"action": "dismiss", "resolution": ""},
    )

    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ReconciliationItem.Status.OPEN


def test_a_missing_birth_links_to_adding_the_child(as_user, staff, mother):
    item = import_file(
        staff, HOSPITAL, HOSPITAL_HEADER, hospital_row(mother)
    ).items.get()

    page = as_user(staff).get(
        reverse("households:reconciliation-detail", args=[item.pk])
    )

    link = reverse("households:person-create", args=[mother.household_id])
    assert link in page.content.decode()
