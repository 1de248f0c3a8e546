"""The register's export above EXPORT_BACKGROUND_ROWS runs as a background job."""

import io
import json
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse

from bureau.models import AccessEvent, ExportJob, Notification
from tests.bureau.factories import UserFactory
from tests.households.factories import HouseholdFactory, PersonFactory

EXPORT = reverse("households:person-export")


@pytest.fixture
def register(village):
    household = HouseholdFactory.create(village=village)
    return [PersonFactory.create(household=household) for _ in range(4)]


@pytest.fixture
def as_auditor(client, auditor):
    client.force_login(auditor)
    return client


@pytest.mark.django_db
@override_settings(EXPORT_BACKGROUND_ROWS=3)
def test_a_large_register_export_is_written_in_the_background(
    as_auditor, auditor, register, village, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_auditor.get(EXPORT, {"village": village.pk, "format": "xlsx"})

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("exports:detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.row_count, job.kind) == ("ready", 4, "households.persons")
    assert job.filters == {"village": village.pk}
    event = AccessEvent.objects.get()
    assert (event.subject, event.row_count, event.checksum) == (
        "households.person",
        4,
        job.checksum,
    )
    assert Notification.objects.get().recipient == auditor

    download = as_auditor.get(reverse("exports:download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["row_count"] == 4
    assert manifest["masked"] is True
    assert manifest["file"].startswith("人口登记-")
    assert register[0].id_number not in archive.read(manifest["file"]).decode("latin-1")


@pytest.mark.django_db
@override_settings(EXPORT_BACKGROUND_ROWS=3)
def test_a_filtered_export_under_the_threshold_is_still_sent_at_once(
    as_auditor, register, village
):
    response = as_auditor.get(
        EXPORT, {"village": village.pk, "residence_status": "moved_away"}
    )

    assert response.status_code == 200
    assert response["X-Export-Rows"] == "0"
    assert not ExportJob.objects.exists()


@pytest.mark.django_db
@override_settings(EXPORT_BACKGROUND_ROWS=3)
def test_a_bad_filter_is_refused_before_any_job_is_queued(as_auditor, register):
    response = as_auditor.get(EXPORT, {"residence_status": "abroad"})

    assert response.status_code == 400
    assert "abroad" in response.content.decode()
    assert not ExportJob.objects.exists()


@pytest.mark.django_db
@override_settings(EXPORT_BACKGROUND_ROWS=3)
def test_another_auditor_cannot_open_the_job(
    client, auditor, register, django_capture_on_commit_callbacks
):
    client.force_login(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(EXPORT)
    job = ExportJob.objects.get()

    client.force_login(UserFactory.create(role="auditor"))

    assert client.get(reverse("exports:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
