"""Background exports: queued above a row count, notified, downloaded once by the requester."""

import hashlib
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from bureau import export_jobs, scoping
from bureau.exports import (
    ExportOptions,
    ExportSource,
    export_or_queue,
    register_export_source,
)
from bureau.models import AccessEvent, ExportJob, Notification
from tests.bureau.factories import UserFactory, VillageFactory
from tests.workers import running_worker


@pytest.fixture(autouse=True)
def _english():
    """Service messages are asserted in English (the default language is Chinese)."""
    with translation.override("en"):
        yield


VILLAGES = register_export_source(
    ExportSource(
        kind="tests.villages",
        subject="bureau.village",
        basename="村居",
        headers=("代码", "名称"),
        select=lambda user, params: (
            scoping.visible_villages(user).filter(
                name__startswith=params.get("name", "")
            ),
            {"name": params["name"]} if params.get("name") else {},
        ),
        rows=lambda villages, unmasked: (
            villages.order_by("code")
            .values_list("code", "name")
            .iterator(chunk_size=1000)
        ),
    )
)


def _request(user, **params):
    request = RequestFactory().get("/export/", params)
    request.user = user
    return request


def _ask(user, *, fmt="csv", **params):
    return export_or_queue(
        request=_request(user, **params),
        source=VILLAGES,
        params=params,
        options=ExportOptions(fmt=fmt),
    )


@pytest.fixture
def villages(db):
    return [VillageFactory.create(name=f"幸福村{n}") for n in range(5)]


@pytest.fixture
def ready_job(auditor, villages, django_capture_on_commit_callbacks):
    with (
        override_settings(EXPORT_BACKGROUND_ROWS=2),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = _ask(auditor, name="幸福")
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("exports:detail", args=[job.pk])
    job.refresh_from_db()
    return job


def _unzip(response) -> tuple[dict, bytes, str]:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    return manifest, archive.read(manifest["file"]), manifest["file"]


@pytest.mark.django_db
def test_a_small_export_is_sent_at_once(auditor, villages):
    with override_settings(EXPORT_BACKGROUND_ROWS=100):
        response = _ask(auditor)

    assert response.status_code == 200
    assert response["X-Export-Rows"] == "5"
    assert not ExportJob.objects.exists()


@pytest.mark.django_db
def test_a_large_export_runs_in_the_background_and_notifies_the_requester(
    ready_job, auditor
):
    assert ready_job.status == ExportJob.Status.READY
    assert ready_job.row_count == 5
    assert ready_job.requested_by == auditor
    notification = Notification.objects.get()
    assert notification.recipient == auditor
    assert notification.link == reverse("exports:detail", args=[ready_job.pk])
    assert ready_job.expires_at - ready_job.finished_at == timedelta(hours=24)


@pytest.mark.django_db
def test_the_access_event_is_written_once_with_the_final_count(ready_job, auditor):
    event = AccessEvent.objects.get()

    assert (event.user, event.kind, event.subject) == (
        auditor,
        AccessEvent.Kind.EXPORT,
        "bureau.village",
    )
    assert event.row_count == 5
    assert event.checksum == ready_job.checksum
    assert event.filters["name"] == "幸福"
    assert event.filters["background_job"] == str(ready_job.pk)
    assert ready_job.access_event == event


@pytest.mark.django_db
def test_the_file_carries_its_manifest_and_downloads_once_for_its_owner(
    client, ready_job, auditor
):
    client.force_login(auditor)
    url = reverse("exports:download", args=[ready_job.pk])

    first = client.get(url)
    manifest, data, name = _unzip(first)

    assert first.status_code == 200
    assert first["Content-Type"] == "application/zip"
    assert manifest["row_count"] == 5
    assert manifest["filters"] == {"name": "幸福"}
    assert manifest["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["as_of"]
    assert manifest["masked"] is True
    assert name.endswith(".csv")
    assert "幸福村0" in data.decode("utf-8-sig")
    assert not ready_job.file.storage.exists(ready_job.file.name)

    again = client.get(url)

    assert again.status_code == 410
    assert "already downloaded or its link has expired" in again.content.decode()
    assert AccessEvent.objects.count() == 1


@pytest.mark.django_db
def test_anyone_else_gets_404_for_every_page_of_the_export(client, ready_job, chief):
    other_auditor = UserFactory.create(role="auditor")
    for user in (other_auditor, chief):
        client.force_login(user)
        for name in ("detail", "progress", "download"):
            url = reverse(f"exports:{name}", args=[ready_job.pk])
            assert client.get(url).status_code == 404, (user, name)
        assert (
            str(ready_job.pk)
            not in client.get(reverse("exports:list")).content.decode()
        )

    ready_job.refresh_from_db()
    assert ready_job.status == ExportJob.Status.READY


@pytest.mark.django_db
def test_an_expired_link_no_longer_downloads_and_its_file_is_deleted(
    client, ready_job, auditor
):
    later = timezone.now() + timedelta(hours=24, minutes=1)

    assert export_jobs.expire_exports(now=later) == 1
    assert export_jobs.expire_exports(now=later) == 0

    ready_job.refresh_from_db()
    assert ready_job.status == ExportJob.Status.EXPIRED
    assert not ready_job.file.storage.exists(ready_job.file.name)
    client.force_login(auditor)
    assert (
        client.get(reverse("exports:download", args=[ready_job.pk])).status_code == 410
    )


@pytest.mark.django_db
def test_a_link_past_its_time_is_refused_before_the_hourly_cleanup(
    client, ready_job, auditor
):
    ExportJob.objects.filter(pk=ready_job.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    client.force_login(auditor)

    assert (
        client.get(reverse("exports:download", args=[ready_job.pk])).status_code == 410
    )


@pytest.mark.django_db
def test_the_page_polls_a_progress_bar_while_the_job_waits(client, auditor, villages):
    job = export_jobs.start_export(
        by=auditor, source=VILLAGES, params={}, options=ExportOptions(), rows_expected=5
    )
    client.force_login(auditor)

    page = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    bar = client.get(reverse("exports:progress", args=[job.pk])).content.decode()

    assert "<progress" in page
    assert 'hx-trigger="every 1s"' in bar
    assert "style=" not in bar
    assert "0 of 5 rows written" in bar


@pytest.mark.django_db
def test_running_a_job_twice_writes_one_file_and_one_event(auditor, villages):
    job = export_jobs.start_export(
        by=auditor, source=VILLAGES, params={}, options=ExportOptions(fmt="xlsx")
    )

    export_jobs.run_export(str(job.pk))
    export_jobs.run_export(str(job.pk))

    assert AccessEvent.objects.count() == 1
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_requester_who_lost_the_export_right_gets_a_failed_job(auditor, villages):
    job = export_jobs.start_export(
        by=auditor, source=VILLAGES, params={}, options=ExportOptions()
    )
    auditor.role = "staff"
    auditor.save()

    job = export_jobs.run_export(str(job.pk))

    assert job.status == ExportJob.Status.FAILED
    assert not AccessEvent.objects.exists()
    assert Notification.objects.get().recipient == auditor


# A queue of its own, so no other worker on the same Redis takes this test's tasks.
EXPORT_QUEUE = "bureau-tests-exports"


@pytest.fixture
def export_worker(monkeypatch):
    with running_worker(monkeypatch, queue=EXPORT_QUEUE):
        yield


def _wait_for_notification(user, seconds: float = 30) -> Notification | None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = Notification.objects.filter(recipient=user).first()
        if found is not None:
            return found
        time.sleep(0.2)
    return None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_writes_the_export_and_the_requester_is_notified(
    export_worker, client
):
    auditor = UserFactory.create(role="auditor")
    for n in range(3):
        VillageFactory.create(name=f"和平村{n}")
    with override_settings(EXPORT_BACKGROUND_ROWS=1):
        response = _ask(auditor, fmt="xlsx")
    job = ExportJob.objects.get()
    assert response.url == reverse("exports:detail", args=[job.pk])

    notification = _wait_for_notification(auditor)

    assert notification is not None, "the worker sent no notification"
    job.refresh_from_db()
    assert (job.status, job.row_count) == (ExportJob.Status.READY, 3)
    client.force_login(UserFactory.create(role="auditor"))
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    client.force_login(auditor)
    manifest, data, _name = _unzip(client.get(notification.link + "download/"))
    assert manifest["row_count"] == 3
    assert data.startswith(b"PK")


@pytest.mark.django_db
def test_my_exports_is_in_the_navigation_of_those_who_may_export(
    client, auditor, staff
):
    client.force_login(auditor)
    assert reverse("exports:list") in client.get(reverse("home")).content.decode()

    client.force_login(staff)
    assert reverse("exports:list") not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_a_job_abandoned_by_a_killed_worker_ends_as_failed_and_says_so(auditor):
    job = export_jobs.start_export(
        by=auditor, source=VILLAGES, params={}, options=ExportOptions()
    )
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)

    export_jobs.expire_exports(now=timezone.now() + timedelta(hours=1))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING

    export_jobs.expire_exports(now=timezone.now() + timedelta(hours=3))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert "start it again" in job.message
    assert Notification.objects.get().recipient == auditor
