import datetime
import io

import pytest
from django.urls import reverse

from bureau.models import AccessEvent
from households.models import Person
from incentives import services
from incentives.models import Application, EntitlementChange
from tests.bureau.factories import UserFactory
from tests.households.factories import PersonFactory
from tests.incentives.factories import SchemeFactory, approve, entitled, monthly_scheme

S = Application.Status


@pytest.fixture
def scheme(db):
    return monthly_scheme(
        "590.00", kind="special_assistance", public_label="计划生育特别扶助"
    )


@pytest.fixture
def application(clerk, scheme, village):
    person = PersonFactory.create(household__village=village, name="王秀兰")
    application = services.submit_application(
        by=clerk, scheme=scheme, person=person, year=2026, category="child_died"
    )
    application.person = person  # keeps the factory's plain id_number for the checks
    return application


def _login(client, user):
    client.force_login(user)
    return client


def test_the_list_shows_the_townships_applications(client, staff, application):
    response = _login(client, staff).get(reverse("incentives:application-list"))

    assert response.status_code == 200
    assert "王秀兰" in response.content.decode()


def test_the_list_filters_by_status(client, staff, application):
    url = reverse("incentives:application-list")
    response = _login(client, staff).get(url, {"status": "confirmed"})

    assert "王秀兰" not in response.content.decode()


def test_another_townships_application_answers_404_on_every_page(
    client, application, other_village
):
    stranger = UserFactory.create(role="staff", townships=[other_village.township])
    _login(client, stranger)

    assert (
        client.get(
            reverse("incentives:application-detail", args=[application.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("incentives:application-action", args=[application.pk, "approve"])
        ).status_code
        == 404
    )
    assert (
        "王秀兰"
        not in client.get(reverse("incentives:application-list")).content.decode()
    )


def test_reviewers_move_an_application_through_the_pages(
    client, staff, colleague, chief, application
):
    detail = reverse("incentives:application-detail", args=[application.pk])
    _login(client, staff)
    page = client.get(detail)
    assert "Approve this level" in page.content.decode()

    client.post(
        reverse("incentives:application-action", args=[application.pk, "approve"])
    )
    application.refresh_from_db()
    assert application.status == S.VILLAGE_REVIEWED

    response = client.post(
        reverse("incentives:application-action", args=[application.pk, "approve"]),
        follow=True,
    )
    assert "another level" in response.content.decode()
    _login(client, colleague).post(
        reverse("incentives:application-action", args=[application.pk, "return"]),
        {"comment": "缺死亡证明"},
    )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    timeline = client.get(detail).content.decode()
    assert "缺死亡证明" in timeline


def test_the_public_notice_shows_only_name_village_generic_label_and_amount(
    client, staff, colleague, chief, application
):
    services.approve_application(by=staff, application=application)
    services.approve_application(by=colleague, application=application)
    services.approve_application(by=chief, application=application)
    services.publish_notice(by=chief, application=application)

    response = _login(client, staff).get(reverse("incentives:notice-print"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "王秀兰" in html
    assert "计划生育特别扶助" in html
    assert "590.00" in html
    assert application.person.id_number not in html
    assert application.person.masked_id_number not in html
    assert "child_died" not in html


def test_candidates_page_starts_an_application(client, staff, village):
    scheme = SchemeFactory.create(kind="rural_reward", parameters={"min_age": 60})
    person = PersonFactory.create(
        household__village=village, birth_date=datetime.date(1950, 1, 1)
    )
    _login(client, staff)

    page = client.get(reverse("incentives:candidate-list"), {"scheme": scheme.pk})
    assert person.name in page.content.decode()
    response = client.post(
        reverse("incentives:application-start"),
        {"scheme": scheme.pk, "person": person.pk, "year": 2026, "reason": "Aged 76"},
    )

    application = Application.objects.get(person=person)
    assert response.url == reverse(
        "incentives:application-detail", args=[application.pk]
    )
    assert application.candidate_reason == "Aged 76"


def test_the_export_is_logged(client, auditor, application):
    response = _login(client, auditor).get(
        reverse("incentives:application-export"), {"format": "csv"}
    )

    assert response.status_code == 200
    assert "王秀兰" in b"".join(response.streaming_content).decode("utf-8-sig")
    assert AccessEvent.objects.filter(subject="incentives.application").exists()


@pytest.fixture
def paid_batch_setup(scheme, village, staff, chief, checker):
    for _ in range(2):
        entitled(scheme, village=village, by=staff)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=batch)
    approve(batch, by=checker)
    return batch


def test_a_batch_goes_to_the_bank_and_back_through_the_pages(
    client, chief, paid_batch_setup, django_capture_on_commit_callbacks
):
    batch = paid_batch_setup
    _login(client, chief)
    # The bank file is made by the worker (run inline here) once the request commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("incentives:batch-action", args=[batch.pk, "export"]))

    download = client.get(reverse("incentives:bank-file", args=[batch.pk]))
    assert download.status_code == 200
    assert "户名".encode("gbk") in download.content
    assert AccessEvent.objects.filter(subject="incentives.bankfile").count() == 1

    result = "序号,金额,结果\r\n" + "".join(
        f"{line.pk},{line.amount},成功\r\n" for line in batch.lines.all()
    )
    upload = io.BytesIO(result.encode("utf-8"))
    upload.name = "result.csv"
    client.post(reverse("incentives:batch-result", args=[batch.pk]), {"file": upload})
    client.post(reverse("incentives:batch-action", args=[batch.pk, "reconcile"]))

    batch.refresh_from_db()
    assert batch.status == "reconciled"
    page = client.get(
        reverse("incentives:batch-detail", args=[batch.pk])
    ).content.decode()
    assert "******" in page


def test_township_staff_see_only_their_lines_and_not_other_batches(
    client, staff, chief, scheme, other_village, paid_batch_setup
):
    theirs = UserFactory.create(role="staff", townships=[other_village.township])
    other_scheme = monthly_scheme("80.00")
    entitled(other_scheme, village=other_village, by=theirs)
    elsewhere = services.create_batch(by=chief, scheme=other_scheme, period="2026-03")
    _login(client, staff)

    assert (
        client.get(
            reverse("incentives:batch-detail", args=[paid_batch_setup.pk])
        ).status_code
        == 200
    )
    assert (
        client.get(reverse("incentives:batch-detail", args=[elsewhere.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("incentives:bank-file", args=[elsewhere.pk])).status_code
        == 403
    )


def test_a_proposed_change_is_confirmed_on_the_page(client, staff, scheme, village):
    entitlement = entitled(scheme, village=village, by=staff)
    Person.objects.filter(pk=entitlement.person_id).update(
        is_alive=False, died_on=datetime.date(2026, 3, 3)
    )
    services.propose_entitlement_changes(today=datetime.date(2026, 4, 1))
    change = EntitlementChange.objects.get()
    _login(client, staff)

    assert (
        entitlement.person.name
        in client.get(reverse("incentives:change-list")).content.decode()
    )
    client.post(
        reverse("incentives:change-decide", args=[change.pk]), {"decision": "confirm"}
    )

    entitlement.refresh_from_db()
    assert entitlement.status == "terminated"


def test_an_account_is_recorded_and_revealed_with_a_reason(
    client, staff, scheme, village
):
    entitlement = entitled(scheme, village=village, by=staff, with_account=False)
    _login(client, staff)
    client.post(
        reverse("incentives:account-record", args=[entitlement.pk]),
        {
            "account_type": "debit_card",
            "number": "6222 0202 0011 2345 678",
            "holder_name": entitlement.person.name,
            "bank_name": "工商银行",
        },
    )
    account = entitlement.payee.benefit_accounts.get()

    page = client.get(reverse("incentives:entitlement-detail", args=[entitlement.pk]))
    assert "622202*********5678" in page.content.decode()
    assert "6222020200112345678" not in page.content.decode()
    shown = client.post(
        reverse("incentives:account-reveal", args=[account.pk]),
        {"reason": "核对"},
        follow=True,
    )
    assert "6222020200112345678" in shown.content.decode()
    assert AccessEvent.objects.filter(
        subject="incentives.bankaccount", reason="核对"
    ).exists()


def test_a_scanned_document_is_attached_to_the_application(client, staff, application):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.bureau.attachment_files import PDF

    _login(client, staff)
    client.post(
        reverse("incentives:application-attach", args=[application.pk]),
        {
            "file": SimpleUploadedFile(
                "死亡证明.pdf", PDF, content_type="application/pdf"
            ),
            "description": "死亡证明",
        },
    )

    page = client.get(reverse("incentives:application-detail", args=[application.pk]))
    assert "死亡证明.pdf" in page.content.decode()
