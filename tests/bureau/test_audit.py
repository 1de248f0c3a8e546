"""The audit trail records every change, bulk ones included, and can never be rewritten."""

import pytest
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from pghistory.models import Events

from bureau import services
from bureau.celery import app as celery_app
from bureau.middleware import AuditContextMiddleware
from bureau.models import AccessEvent, Village
from tests.bureau.factories import VillageFactory

pytestmark = pytest.mark.django_db

VillageEvent = Village.pgh_event_model


@celery_app.task(name="tests.rename_villages")
def rename_villages(township_code: str, name: str) -> int:
    return Village.objects.filter(township_id=township_code).update(name=name)


@pytest.fixture
def three_villages(village):
    return [
        village,
        *VillageFactory.create_batch(2, township=village.township),
    ]


def _updates_of(villages):
    return VillageEvent.objects.filter(
        pgh_label="update", pgh_obj__in=[v.pk for v in villages]
    ).select_related("pgh_context")


def test_a_bulk_update_leaves_one_update_event_per_row(three_villages):
    Village.objects.filter(pk__in=[v.pk for v in three_villages]).update(name="新村")

    events = list(_updates_of(three_villages))
    assert sorted(event.pgh_obj_id for event in events) == sorted(
        v.pk for v in three_villages
    )
    assert {event.name for event in events} == {"新村"}


def test_the_audit_trail_shows_the_old_and_new_value(village):
    old_name = village.name
    Village.objects.filter(pk=village.pk).update(name="新村")

    event = Events.objects.tracks(village).get(pgh_label="update")

    assert event.pgh_diff == {"name": [old_name, "新村"]}


def test_a_change_made_while_serving_a_request_records_the_user_and_path(
    staff, three_villages
):
    def view(request):
        Village.objects.filter(township=three_villages[0].township).update(name="新村")
        return HttpResponse()

    request = RequestFactory().post("/households/bulk-rename/")
    request.user = staff
    AuditContextMiddleware(view)(request)

    contexts = [event.pgh_context.metadata for event in _updates_of(three_villages)]
    assert len(contexts) == 3
    for context in contexts:
        assert context["user"] == staff.pk
        assert context["url"] == "/households/bulk-rename/"


def test_a_change_made_by_a_background_task_records_the_task_name(three_villages):
    rename_villages.delay(three_villages[0].township_id, "新村")

    contexts = [event.pgh_context.metadata for event in _updates_of(three_villages)]
    assert len(contexts) == 3
    assert {context["task"] for context in contexts} == {"tests.rename_villages"}


def _refused(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except DatabaseError:
        return True
    return False


def test_audit_events_cannot_be_changed_or_deleted(village):
    Village.objects.filter(pk=village.pk).update(name="新村")
    events = VillageEvent.objects.filter(pgh_obj=village.pk)

    assert _refused(lambda: events.update(name="篡改"))
    assert _refused(lambda: events.delete())
    assert events.filter(name="新村").exists()


def test_access_events_cannot_be_changed_or_deleted(auditor):
    services.record_access(
        request=None, user=auditor, kind=AccessEvent.Kind.EXPORT, subject="x.y"
    )
    events = AccessEvent.objects.filter(user=auditor)

    assert _refused(lambda: events.update(reason="篡改"))
    assert _refused(lambda: events.delete())
    assert events.get().reason == ""
