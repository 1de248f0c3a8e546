"""T-PAY-03 in one process: the bank file is queued, made once, and the same every time.

The worker-process version (a worker killed mid-task, another finishing it) is in
test_bankfile_worker.py.
"""

import datetime
import hashlib
import io
import threading
import zipfile

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bureau.models import Notification
from incentives import services
from incentives.models import BankFile, BankFileJob, BankFileLayout, PayoutBatch
from incentives.tasks import build_bank_file_task
from tests.households.factories import PersonFactory
from tests.incentives.factories import approve, entitled, monthly_scheme

B = PayoutBatch.Status
J = BankFileJob.Status
BASE = "/api/v1/benefits"


def approved_batch(village, staff, chief, checker, *, lines=3):
    scheme = monthly_scheme("590.00")
    for _ in range(lines):
        entitled(scheme, village=village, by=staff)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=batch)
    return approve(batch, by=checker)


@pytest.fixture
def batch(village, staff, chief, checker):
    return approved_batch(village, staff, chief, checker)


def _lines(batch):
    return list(batch.lines.order_by("pk").values_list("pk", "status", "amount"))


def test_the_page_queues_the_file_and_the_worker_makes_it(
    client, chief, batch, django_capture_on_commit_callbacks
):
    client.force_login(chief)
    export = reverse("incentives:batch-action", args=[batch.pk, "export"])
    with django_capture_on_commit_callbacks() as queued:
        client.post(export)
    job = BankFileJob.objects.get()
    assert job.status == J.QUEUED
    assert not BankFile.objects.exists()
    page = client.get(reverse("incentives:batch-detail", args=[batch.pk]))
    assert "Queued" in page.content.decode()
    assert 'data-testid="batch-export"' not in page.content.decode()

    for callback in queued:
        callback()

    job.refresh_from_db()
    assert (job.status, job.deliveries) == (J.DONE, 1)
    assert job.bank_file.checksum == (
        hashlib.sha256(bytes(job.bank_file.content)).hexdigest()
    )
    assert PayoutBatch.objects.get(pk=batch.pk).status == B.EXPORTED
    assert Notification.objects.get(recipient=chief).title == "The bank file is ready"
    progress = client.get(
        reverse("incentives:bank-file-progress", args=[batch.pk]),
        headers={"HX-Request": "true"},
    )
    assert progress["HX-Refresh"] == "true"


def test_a_second_click_while_queued_queues_nothing(chief, batch):
    first = services.request_bank_file(by=chief, batch=batch)
    again = services.request_bank_file(by=chief, batch=batch)

    assert again.pk == first.pk
    assert BankFileJob.objects.count() == 1


def test_a_request_left_waiting_for_hours_is_replaced_and_its_task_ignored(
    chief, batch
):
    lost = services.request_bank_file(by=chief, batch=batch)
    BankFileJob.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )

    again = services.request_bank_file(by=chief, batch=batch)
    build_bank_file_task(again.pk)
    build_bank_file_task(lost.pk)  # the lost task turns up after all

    lost.refresh_from_db()
    assert (lost.status, lost.deliveries) == (J.FAILED, 0)
    assert "asked for again" in lost.message
    assert BankFileJob.objects.get(pk=again.pk).status == J.DONE
    assert BankFile.objects.filter(batch=batch).count() == 1


def test_delivering_the_task_again_changes_nothing(chief, batch):
    job = services.request_bank_file(by=chief, batch=batch)
    build_bank_file_task(job.pk)
    made = BankFile.objects.get()
    lines = _lines(batch)

    # Delivered again, as after a worker that died after its commit, before the ack.
    build_bank_file_task(job.pk)
    build_bank_file_task(job.pk)

    assert BankFile.objects.get().pk == made.pk
    assert _lines(batch) == lines
    assert {status for _pk, status, _amount in lines} == {"sent"}
    job.refresh_from_db()
    assert (job.status, job.bank_file_id, job.deliveries) == (J.DONE, made.pk, 1)
    assert Notification.objects.filter(recipient=chief).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_once_make_one_file(village, staff, chief, checker):
    batch = approved_batch(village, staff, chief, checker)
    job = services.request_bank_file(by=chief, batch=batch)
    barrier = threading.Barrier(2)
    outcomes = []

    def deliver():
        barrier.wait()
        try:
            outcomes.append(build_bank_file_task(job.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes == ["done", "done"]
    assert BankFile.objects.filter(batch=batch).count() == 1
    assert set(batch.lines.values_list("status", flat=True)) == {"sent"}


def test_a_file_the_encoding_cannot_hold_fails_with_the_row_named(
    village, staff, chief, checker
):
    scheme = monthly_scheme("590.00")
    person = PersonFactory.create(household__village=village, name="王𠀀")
    entitled(scheme, person=person, by=staff)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=batch)
    approve(batch, by=checker)

    job = services.request_bank_file(by=chief, batch=batch)
    build_bank_file_task(job.pk)

    job.refresh_from_db()
    assert job.status == J.FAILED
    assert "王𠀀" in job.message
    assert not BankFile.objects.exists()
    assert PayoutBatch.objects.get(pk=batch.pk).status == B.APPROVED
    assert services.request_bank_file(by=chief, batch=batch).pk != job.pk


def test_the_api_queues_the_file_and_reports_it(
    api_as, chief, batch, django_capture_on_commit_callbacks
):
    client = api_as(chief)
    report_url = f"{BASE}/batches/{batch.pk}/bank-file-job/"
    assert client.get(report_url).status_code == 204  # nothing asked for yet
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(f"{BASE}/batches/{batch.pk}/export/")

    assert queued.status_code == 202
    assert queued.json()["status"] == "queued"
    report = client.get(report_url).json()
    assert report["status"] == "done"
    assert report["checksum"] == BankFile.objects.get().checksum
    again = client.post(f"{BASE}/batches/{batch.pk}/export/")
    assert again.status_code == 409


def test_an_xlsx_bank_file_rebuilt_from_the_batch_is_byte_identical(chief, batch):
    layout = BankFileLayout.objects.create(
        name="XLSX",
        file_format=BankFileLayout.Format.XLSX,
        encoding="utf-8",
        columns=[["序号", "line"], ["户名", "payee_name"], ["金额", "amount"]],
    )
    # Approved days ago: a file stamped with the time it was built would differ.
    approved_at = datetime.datetime(2026, 3, 25, 9, 30, tzinfo=datetime.UTC)
    PayoutBatch.objects.filter(pk=batch.pk).update(approved_at=approved_at)
    job = services.request_bank_file(by=chief, batch=batch, layout=layout)
    build_bank_file_task(job.pk)
    stored = bytes(BankFile.objects.get().content)
    batch.refresh_from_db()

    first, _rows = services.render_bank_file(batch, layout)
    second, _rows = services.render_bank_file(batch, layout)

    digest = hashlib.sha256(stored).hexdigest()
    assert digest == BankFile.objects.get().checksum
    assert hashlib.sha256(first).hexdigest() == digest
    assert hashlib.sha256(second).hexdigest() == digest
    with zipfile.ZipFile(io.BytesIO(stored)) as archive:
        core = archive.read("docProps/core.xml").decode()
        stamps = {info.date_time for info in archive.infolist()}
    assert "2026-03-25T09:30:00Z</dcterms:created>" in core
    assert {stamp[0] for stamp in stamps} == {1980}  # fixed zip entry times
