"""Attachments: checked by content, stored privately, downloaded through the township rule."""

import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from bureau.attachments import attach_file, attachments_of
from bureau.models import AccessEvent, Attachment
from tests.bureau import attachment_files as files


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Files of this test only: other suites may store attachments at the same time."""
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _english():
    """Service messages are asserted in English (the default language is Chinese)."""
    with translation.override("en"):
        yield


def _attach(user, row, data: bytes, name: str, **kwargs):
    return attach_file(
        by=user,
        to=row,
        township=row.township,
        file=io.BytesIO(data),
        filename=name,
        **kwargs,
    )


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "attachments"
    return (
        {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()
    )


@pytest.mark.django_db
def test_a_scan_is_kept_privately_with_its_name_size_and_sha256(staff, village):
    attachment = _attach(
        staff, village, files.PDF, "签字同意书.pdf", description="扫描件"
    )

    stored = Path(attachment.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT))
    assert stored.name != "签字同意书.pdf"
    assert stored.read_bytes() == files.PDF
    assert attachment.original_name == "签字同意书.pdf"
    assert attachment.kind == "pdf"
    assert attachment.size == len(files.PDF)
    assert attachment.sha256 == hashlib.sha256(files.PDF).hexdigest()
    assert list(attachments_of(staff, village)) == [attachment]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("photo.JPG", files.JPEG, "jpeg"),
        ("photo.jpeg", files.JPEG, "jpeg"),
        ("site.png", files.PNG, "png"),
        ("名单.xlsx", files.xlsx(), "xlsx"),
        ("decision.docx", files.docx(), "docx"),
    ],
)
def test_each_accepted_type_is_recognised_by_its_content(
    staff, village, name, data, kind
):
    assert _attach(staff, village, data, name).kind == kind


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("report.pdf", files.EXE, "is not a PDF, JPEG, PNG, XLSX or DOCX file"),
        ("report.pdf", files.PNG, "is a PNG file but its name says otherwise"),
        ("budget.xlsx", files.xlsm(), "contains macros"),
        ("notes.txt", b"plain text", "is not a PDF, JPEG, PNG, XLSX or DOCX file"),
        ("cut.pdf", files.PDF[:40], "is not a PDF, JPEG, PNG, XLSX or DOCX file"),
        ("empty.pdf", b"", "is empty"),
    ],
    ids=["exe-renamed-pdf", "png-renamed-pdf", "macros", "text", "truncated", "empty"],
)
def test_a_disguised_or_unsupported_file_is_refused_and_nothing_is_stored(
    staff, village, name, data, says
):
    before = _stored_files()

    with pytest.raises(ValidationError) as refused:
        _attach(staff, village, data, name)

    assert name in refused.value.messages[0]
    assert says in refused.value.messages[0]
    assert not Attachment.objects.exists()
    assert _stored_files() == before


@pytest.mark.django_db
@override_settings(ATTACHMENT_MAX_MB=1)
def test_a_file_over_the_size_limit_is_refused(staff, village):
    big = files.PDF + b"0" * (1024 * 1024) + b"\n%%EOF\n"

    with pytest.raises(ValidationError, match="larger than 1 MB"):
        _attach(staff, village, big, "big.pdf")

    assert not Attachment.objects.exists()


@pytest.mark.django_db
@override_settings(ATTACHMENT_MAX_MB=1)
def test_a_document_that_unpacks_to_gigantic_size_is_refused(staff, village):
    bomb = files.docx(extra={"word/media/fill.bin": b"\0" * (12 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024

    with pytest.raises(ValidationError, match="unpacks to far more"):
        _attach(staff, village, bomb, "bomb.docx")


@pytest.mark.django_db
def test_staff_cannot_attach_to_another_townships_row(staff, other_village):
    with pytest.raises(PermissionDenied):
        _attach(staff, other_village, files.PDF, "x.pdf")


@pytest.mark.django_db
def test_a_download_sends_the_file_under_its_name_and_is_logged(client, staff, village):
    attachment = _attach(staff, village, files.PDF, "签字同意书.pdf")
    client.force_login(staff)

    response = client.get(reverse("attachments:download", args=[attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E7%AD%BE" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    event = AccessEvent.objects.get()
    assert event.kind == AccessEvent.Kind.DOWNLOAD
    assert (event.user, event.subject, event.object_id) == (
        staff,
        "bureau.attachment",
        str(attachment.pk),
    )
    assert event.checksum == attachment.sha256
    assert event.filters["attached_to"] == f"bureau.village:{village.pk}"


@pytest.mark.django_db
def test_another_townships_attachment_answers_404_and_is_not_logged(
    client, staff, other_village
):
    from tests.bureau.factories import UserFactory

    colleague = UserFactory.create(townships=[other_village.township])
    attachment = _attach(colleague, other_village, files.PDF, "a.pdf")
    client.force_login(staff)

    response = client.get(reverse("attachments:download", args=[attachment.pk]))

    assert response.status_code == 404
    assert not AccessEvent.objects.exists()


@pytest.mark.django_db
def test_an_auditor_downloads_any_townships_attachment(client, staff, village, auditor):
    attachment = _attach(staff, village, files.PNG, "site.png")
    client.force_login(auditor)

    response = client.get(reverse("attachments:download", args=[attachment.pk]))

    assert response.status_code == 200
    assert AccessEvent.objects.get().user == auditor


@pytest.mark.django_db
def test_the_stored_file_is_not_reachable_as_a_static_or_media_url(
    client, staff, village
):
    attachment = _attach(staff, village, files.PDF, "a.pdf")
    client.force_login(staff)

    for url in (f"/static/{attachment.file.name}", f"/media/{attachment.file.name}"):
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_apps_upload_view_attaches_through_the_shared_form(rf, staff, village):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bureau.attachment_views import attach_from_form

    good = rf.post(
        "/",
        {"file": SimpleUploadedFile("现场.png", files.PNG), "description": "现场照片"},
    )
    good.user = staff
    bad = rf.post("/", {"file": SimpleUploadedFile("setup.pdf", files.EXE)})
    bad.user = staff

    _form, attachment = attach_from_form(good, to=village, township=village.township)
    form, nothing = attach_from_form(bad, to=village, township=village.township)

    assert (attachment.original_name, attachment.description) == (
        "现场.png",
        "现场照片",
    )
    assert nothing is None
    assert "setup.pdf is not a PDF" in form.errors["file"][0]
    assert list(attachments_of(staff, village)) == [attachment]
