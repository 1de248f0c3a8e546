"""Consent records: recorded with evidence, asked by services, withdrawal stops processing."""

import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation

from bureau.models import Attachment
from households.models import Consent, Person
from households.services.consent import (
    ConsentMissing,
    has_consent,
    record_consent,
    require_consent,
    visible_consents,
    with_consent,
    withdraw_consent,
)
from tests.bureau import attachment_files as files
from tests.households.factories import PersonFactory

CHECKUP = Consent.Purpose.PREPREGNANCY_CHECKUP


@pytest.fixture(autouse=True)
def _english():
    """Service messages are asserted in English (the default language is Chinese)."""
    with translation.override("en"):
        yield


def _in_person(staff, person, purpose=CHECKUP, **kwargs) -> Consent:
    return record_consent(
        by=staff,
        person=person,
        purpose=purpose,
        text_version="2026-01",
        method=Consent.Method.IN_PERSON,
        **kwargs,
    )


def invite_to_checkup(*, person: Person) -> str:
    """What a check-up service does: ask for consent inside its transaction, then work."""
    with transaction.atomic():
        require_consent(person, CHECKUP)
        return f"invitation for {person.pk}"


@pytest.mark.django_db
def test_a_paper_consent_keeps_the_scan_and_is_in_force(staff, zhang):
    consent = record_consent(
        by=staff,
        person=zhang,
        purpose=CHECKUP,
        text_version="2026-01",
        method=Consent.Method.PAPER,
        scan=io.BytesIO(files.PDF),
        scan_name="张伟-知情同意书.pdf",
    )

    assert consent.scan.original_name == "张伟-知情同意书.pdf"
    assert consent.scan.content_object == zhang
    assert (consent.recorded_by, consent.text_version) == (staff, "2026-01")
    assert has_consent(zhang, CHECKUP)
    assert not has_consent(zhang, Consent.Purpose.HEALTH_DATA)


@pytest.mark.django_db
def test_a_paper_consent_without_its_scan_is_refused(staff, zhang):
    with pytest.raises(ValidationError) as refused:
        record_consent(
            by=staff,
            person=zhang,
            purpose=CHECKUP,
            text_version="2026-01",
            method=Consent.Method.PAPER,
        )

    assert "scan" in refused.value.error_dict
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_an_exe_posing_as_the_scan_leaves_nothing_behind(staff, zhang):
    with pytest.raises(ValidationError):
        record_consent(
            by=staff,
            person=zhang,
            purpose=CHECKUP,
            text_version="2026-01",
            method=Consent.Method.PAPER,
            scan=io.BytesIO(files.EXE),
            scan_name="scan.pdf",
        )

    assert not Consent.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_consenting_twice_to_the_same_purpose_is_refused_until_withdrawn(staff, zhang):
    first = _in_person(staff, zhang)

    with pytest.raises(ValidationError, match="withdraw that consent"):
        _in_person(staff, zhang)

    withdraw_consent(by=staff, consent=first)
    assert _in_person(staff, zhang).pk != first.pk


@pytest.mark.django_db
def test_consent_withdrawal_stops_a_service_call(staff, zhang):
    consent = _in_person(staff, zhang)
    assert invite_to_checkup(person=zhang) == f"invitation for {zhang.pk}"

    withdraw_consent(by=staff, consent=consent, note="电话撤回")

    with pytest.raises(ConsentMissing, match="has not consented"):
        invite_to_checkup(person=zhang)
    consent.refresh_from_db()
    assert consent.withdrawn_by == staff
    assert consent.withdrawal_note == "电话撤回"
    assert not has_consent(zhang, CHECKUP)


@pytest.mark.django_db
def test_bulk_work_selects_only_persons_with_consent_in_force(staff, zhang, household):
    other = PersonFactory.create(household=household)
    withdrawn = PersonFactory.create(household=household)
    _in_person(staff, zhang)
    withdraw_consent(by=staff, consent=_in_person(staff, withdrawn))

    chosen = with_consent(Person.objects.filter(household=household), CHECKUP)

    assert list(chosen) == [zhang]
    assert other not in chosen


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_waits_for_processing_in_progress_and_then_stops_the_next(
    staff, zhang
):
    consent = _in_person(staff, zhang)
    processing = threading.Event()
    withdrawn = threading.Event()

    def withdraw_meanwhile():
        processing.wait(5)
        try:
            withdraw_consent(by=staff, consent=Consent.objects.get(pk=consent.pk))
            withdrawn.set()
        finally:
            connection.close()

    worker = threading.Thread(target=withdraw_meanwhile)
    worker.start()
    with transaction.atomic():
        require_consent(zhang, CHECKUP)
        processing.set()
        # The withdrawal is blocked on the row this processing holds.
        assert not withdrawn.wait(1)
    worker.join(10)

    assert withdrawn.is_set()
    with pytest.raises(ConsentMissing):
        invite_to_checkup(person=zhang)


@pytest.mark.django_db
def test_staff_cannot_record_or_see_consent_in_another_township(
    staff, stranger, other_village
):
    from tests.bureau.factories import UserFactory

    with pytest.raises(PermissionDenied):
        _in_person(staff, stranger)
    colleague = UserFactory.create(townships=[other_village.township])
    theirs = _in_person(colleague, stranger)

    assert theirs not in visible_consents(staff)
    with pytest.raises(PermissionDenied):
        withdraw_consent(by=staff, consent=theirs)


@pytest.mark.django_db
def test_staff_record_a_scanned_consent_on_the_persons_page(as_staff, zhang):
    url = reverse("households:consent-list", args=[zhang.pk])

    response = as_staff.post(
        url,
        {
            "purpose": CHECKUP,
            "text_version": "2026-01",
            "method": Consent.Method.PAPER,
            "scan": SimpleUploadedFile("同意书.pdf", files.PDF),
        },
    )

    assert response.status_code == 302
    page = as_staff.get(url)
    assert "同意书.pdf" in page.content.decode()
    assert "In force" in page.content.decode()
    assert has_consent(zhang, CHECKUP)


@pytest.mark.django_db
def test_the_page_names_the_problem_with_a_disguised_scan(as_staff, zhang):
    response = as_staff.post(
        reverse("households:consent-list", args=[zhang.pk]),
        {
            "purpose": CHECKUP,
            "text_version": "2026-01",
            "method": Consent.Method.PAPER,
            "scan": SimpleUploadedFile("scan.pdf", files.EXE),
        },
    )

    assert response.status_code == 400
    assert "scan.pdf is not a PDF" in response.content.decode()
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_staff_withdraw_a_consent_on_the_page(as_staff, staff, zhang):
    consent = _in_person(staff, zhang)

    response = as_staff.post(
        reverse("households:consent-withdraw", args=[consent.pk]), {"note": "本人来电"}
    )

    assert response.status_code == 302
    assert not has_consent(zhang, CHECKUP)


@pytest.mark.django_db
def test_another_townships_consent_pages_answer_404(as_staff, stranger, other_village):
    from tests.bureau.factories import UserFactory

    colleague = UserFactory.create(townships=[other_village.township])
    theirs = _in_person(colleague, stranger)

    assert (
        as_staff.get(reverse("households:consent-list", args=[stranger.pk])).status_code
        == 404
    )
    assert (
        as_staff.post(
            reverse("households:consent-withdraw", args=[theirs.pk])
        ).status_code
        == 404
    )
    assert has_consent(stranger, CHECKUP)


@pytest.mark.django_db
def test_an_auditor_reads_consents_but_cannot_record_one(client, auditor, zhang):
    client.force_login(auditor)
    url = reverse("households:consent-list", args=[zhang.pk])

    assert client.get(url).status_code == 200
    assert client.post(url, {"purpose": CHECKUP}).status_code == 403


@pytest.mark.django_db
def test_a_refused_second_consent_stores_no_scan(staff, zhang, settings, tmp_path):
    settings.MEDIA_ROOT = root = tmp_path / "private"
    _in_person(staff, zhang)
    before = set(root.rglob("*.pdf"))

    with pytest.raises(ValidationError):
        record_consent(
            by=staff,
            person=zhang,
            purpose=CHECKUP,
            text_version="2026-02",
            method=Consent.Method.PAPER,
            scan=io.BytesIO(files.PDF),
            scan_name="again.pdf",
        )

    assert not Attachment.objects.exists()
    assert set(root.rglob("*.pdf")) == before
