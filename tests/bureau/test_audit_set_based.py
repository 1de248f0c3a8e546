"""Bulk writes are audited per statement, and no changed row goes unrecorded.

Each way the code writes rows (ORM save, bulk_create, COPY, INSERT ... SELECT,
set-based UPDATE and DELETE) must leave exactly one complete event per changed
row: the row's values, the operation, and who or which job made the change.
"""

import io

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpResponse
from django.test import RequestFactory
from pghistory.models import Events

from bureau.audit import audit_context
from bureau.middleware import AuditContextMiddleware
from households.models import Household

pytestmark = pytest.mark.django_db

HouseholdEvent = Household.pgh_event_model


def _events(label, households=None, **filters):
    events = HouseholdEvent.objects.filter(pgh_label=label, **filters)
    if households is not None:
        events = events.filter(pgh_obj__in=[h.pk for h in households])
    return list(events.select_related("pgh_context").order_by("pgh_obj_id"))


def _households(village, count, prefix="B"):
    return Household.objects.bulk_create(
        Household(village=village, number=f"{prefix}{n:04d}", address=f"幸福路{n}号")
        for n in range(count)
    )


def test_every_audit_trigger_runs_once_per_statement_over_its_transition_table():
    tracked = {
        model._meta.db_table
        for model in apps.get_models()
        if getattr(model, "pgh_event_model", None) is not None
    }
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, t.tgname, (t.tgtype & 1) = 1,
                   t.tgoldtable IS NOT NULL, t.tgnewtable IS NOT NULL
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND c.relname = ANY(%s)
              AND t.tgname ~ '^pgtrigger_(insert_insert|update_update|delete_delete)_'
            """,
            [sorted(tracked)],
        )
        triggers = cursor.fetchall()

    assert {table for table, *_ in triggers} == tracked
    assert len(triggers) == 3 * len(tracked)
    for table, name, row_level, old_table, new_table in triggers:
        assert not row_level, f"{table}.{name} fires per row"
        if "_insert_" in name:
            assert (old_table, new_table) == (False, True), name
        elif "_update_" in name:
            assert (old_table, new_table) == (True, True), name
        else:
            assert (old_table, new_table) == (True, False), name


def test_a_page_edit_saved_through_the_orm_is_recorded_with_its_user_and_path(
    staff, village
):
    def view(request):
        household = Household.objects.create(
            village=village, number="0001", address="幸福路1号"
        )
        household.address = "幸福路2号"
        household.save()
        return HttpResponse(str(household.pk))

    request = RequestFactory().post("/households/new/")
    request.user = staff
    pk = int(AuditContextMiddleware(view)(request).content)

    inserted = HouseholdEvent.objects.get(pgh_obj=pk, pgh_label="insert")
    updated = HouseholdEvent.objects.get(pgh_obj=pk, pgh_label="update")
    assert (inserted.address, updated.address) == ("幸福路1号", "幸福路2号")
    for event in (inserted, updated):
        assert event.pgh_context.metadata["user"] == staff.pk
        assert event.pgh_context.metadata["url"] == "/households/new/"


def test_bulk_create_records_one_insert_per_row_with_its_values_and_job(staff, village):
    with audit_context(user=staff.pk, import_job=41):
        created = _households(village, 25)

    events = _events("insert", created)
    assert [e.pgh_obj_id for e in events] == sorted(h.pk for h in created)
    assert {(e.number, e.address, e.village_id) for e in events} == {
        (h.number, h.address, village.pk) for h in created
    }
    assert {e.pgh_context_id for e in events} != {None}
    assert {(e.pgh_context.metadata["user"], e.pgh_context.metadata["import_job"])
            for e in events} == {(staff.pk, 41)}  # fmt: skip


def test_copy_from_a_file_records_one_insert_per_row_with_the_loader(staff, village):
    lines = "".join(
        f"{village.pk}\tC{n:04d}\t东街{n}号\t\t1\tnow\tnow\n" for n in range(30)
    )
    with (
        audit_context(user=staff.pk, import_job=42),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # Through Django's cursor first: that statement carries the audit context.
        cursor.execute("SET LOCAL pgtrigger.ignore = '{}'")
        cursor.cursor.copy_expert(
            "COPY households_household (village_id, number, address, grid_cell, "
            "version, created_at, updated_at) FROM STDIN",
            io.StringIO(lines),
        )

    copied = list(Household.objects.filter(number__startswith="C"))
    events = _events("insert", copied)
    assert len(copied) == 30
    assert sorted(e.pgh_obj_id for e in events) == sorted(h.pk for h in copied)
    assert {e.address for e in events} == {h.address for h in copied}
    assert {e.pgh_context.metadata["import_job"] for e in events} == {42}
    assert {e.pgh_context.metadata["user"] for e in events} == {staff.pk}


def test_insert_select_from_a_stage_records_one_insert_per_row(staff, village):
    with audit_context(user=staff.pk), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO households_household
                (village_id, number, address, grid_cell, version, created_at, updated_at)
            SELECT %s, 'S' || n, '南街' || n || '号', '', 1, now(), now()
            FROM generate_series(1, 40) AS n
            """,
            [village.pk],
        )

    staged = list(Household.objects.filter(number__startswith="S"))
    events = _events("insert", staged)
    assert len(events) == len(staged) == 40
    assert {e.pgh_context.metadata["user"] for e in events} == {staff.pk}


def test_a_set_based_update_records_exactly_the_changed_rows_with_old_and_new(
    staff, village
):
    households = _households(village, 20)
    Household.objects.filter(pk__in=[h.pk for h in households[:5]]).update(
        address="新址"
    )

    with audit_context(user=staff.pk, task="households.readdress"):
        touched = Household.objects.filter(pk__in=[h.pk for h in households]).update(
            address="新址"
        )

    assert touched == 20
    events = _events(
        "update", households, pgh_context__metadata__task="households.readdress"
    )
    assert [e.pgh_obj_id for e in events] == sorted(h.pk for h in households[5:])
    assert {e.pgh_context.metadata["user"] for e in events} == {staff.pk}
    diffs = Events.objects.tracks(*households[5:]).filter(
        pgh_id__in=[e.pk for e in events]
    )
    old_address = {str(h.pk): h.address for h in households}
    assert {d.pgh_obj_id: d.pgh_diff for d in diffs} == {
        pk: {"address": [address, "新址"]}
        for pk, address in old_address.items()
        if int(pk) in {h.pk for h in households[5:]}
    }


def test_an_update_that_changes_nothing_records_nothing(village):
    households = _households(village, 10)

    Household.objects.filter(pk__in=[h.pk for h in households]).update(
        address=F("address")
    )
    Household.objects.filter(pk=-1).update(address="无")

    assert _events("update", households) == []


def test_a_set_based_delete_records_one_event_per_row_with_its_last_values(
    staff, village
):
    households = _households(village, 15)
    Household.objects.filter(pk=households[0].pk).update(address="最后地址")

    with audit_context(user=staff.pk, url="/households/purge/"):
        deleted, _ = Household.objects.filter(
            pk__in=[h.pk for h in households]
        ).delete()

    assert deleted == 15
    events = _events("delete", households)
    assert sorted(e.pgh_obj_id for e in events) == sorted(h.pk for h in households)
    assert {e.address for e in events if e.pgh_obj_id == households[0].pk} == {
        "最后地址"
    }
    assert {e.pgh_context.metadata["url"] for e in events} == {"/households/purge/"}
    assert not Household.objects.filter(pk__in=[h.pk for h in households]).exists()
