"""The ranking pages: what the chief and a township see, drill-down, export, scope."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.models import AccessEvent
from reports import services
from reports.models import Directive, ItemScore, LedgerEntry, Receipt, YellowCard
from tests.bureau import attachment_files
from tests.bureau.factories import UserFactory
from tests.reports.conftest import run_now


@pytest.fixture
def ranked(issued):
    return run_now(issued)


def test_the_chief_sees_every_township_ranked_with_left_out_items_marked(
    client, chief, ranked, village, other_village
):
    client.force_login(chief)

    page = client.get(reverse("reports:ranking")).content.decode()

    assert page.index(village.township.name) < page.index(other_village.township.name)
    assert "35.00" in page
    assert "14.00" in page
    assert "Provisional" in page
    assert "Too few cases: left out and re-weighted" in page
    assert 'data-testid="ranking-chart"' in page


def test_township_staff_see_only_their_own_township(
    client, staff, ranked, village, other_village
):
    client.force_login(staff)
    theirs = ItemScore.objects.filter(township=other_village.township).first()

    page = client.get(reverse("reports:ranking")).content.decode()
    own = client.get(reverse("reports:township-detail", args=[village.township_id]))

    assert village.township.name in page
    assert other_village.township.name not in page
    assert own.status_code == 200
    assert "1 / 2" in own.content.decode()
    for url in (
        reverse("reports:township-detail", args=[other_village.township_id]),
        reverse("reports:score-detail", args=[theirs.pk]),
        reverse("reports:score-records", args=[theirs.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_another_townships_ledger_entry_and_receipt_answer_404(
    client, staff, issued, other_village
):
    client.force_login(staff)
    entry = LedgerEntry.objects.get(township=other_village.township)
    receipt = Receipt.objects.get(township=other_village.township)

    assert (
        client.get(reverse("reports:ledger-entry", args=[entry.pk])).status_code == 404
    )
    response = client.post(reverse("reports:receipt-sign", args=[receipt.pk]))
    assert response.status_code == 404
    receipt.refresh_from_db()
    assert receipt.signed_at is None


def test_a_score_opens_to_its_villages_and_records_with_the_same_numbers(
    client, chief, ranked, village
):
    client.force_login(chief)
    score = ItemScore.objects.get(
        township=village.township, item__indicator_code="households.corrections_applied"
    )

    detail = client.get(reverse("reports:score-detail", args=[score.pk]))
    records = client.get(
        reverse("reports:score-records", args=[score.pk]), {"village": village.code}
    )

    assert detail.context["villages"][0].numerator == score.numerator == 3
    assert records.context["page"].paginator.count == 3


def test_the_township_crosses_off_a_task_with_a_document(
    client, staff, issued, village
):
    client.force_login(staff)
    entry = LedgerEntry.objects.get(township=village.township)
    url = reverse("reports:ledger-entry", args=[entry.pk])

    refused = client.post(url, {"evidence": "已召开"})
    done = client.post(
        url,
        {
            "evidence": "已召开",
            "file": SimpleUploadedFile("纪要.pdf", attachment_files.PDF),
        },
    )

    assert "Attach the document" in refused.content.decode()
    assert done.status_code == 302
    entry.refresh_from_db()
    assert entry.status == LedgerEntry.Status.CLOSED
    assert "纪要.pdf" in client.get(url).content.decode()


def test_the_chief_publishes_and_decides_a_yellow_card(client, chief, ranked, issued):
    client.force_login(chief)

    response = client.post(reverse("reports:directive-publish", args=[issued.pk]))
    page = client.get(response.url).content.decode()
    card = YellowCard.objects.first()
    client.post(
        reverse("reports:yellowcard-decide", args=[card.pk]),
        {"decision": "dismiss", "note": "首次，提醒"},
    )

    issued.refresh_from_db()
    assert issued.status == Directive.Status.PUBLISHED
    assert "Published" in page
    card.refresh_from_db()
    assert card.status == YellowCard.Status.DISMISSED


def test_staff_cannot_publish(client, staff, ranked, issued):
    client.force_login(staff)

    response = client.post(reverse("reports:directive-publish", args=[issued.pk]))

    assert response.status_code == 403


def test_the_auditor_exports_the_ranking_and_the_export_is_logged(
    client, auditor, ranked
):
    client.force_login(auditor)

    response = client.get(
        reverse("reports:ranking-export"), {"run": ranked.pk, "format": "xlsx"}
    )

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][:3] == ("Rank", "Township", "Total")
    assert [row[0] for row in rows[1:3]] == [1, 2]
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert (event.subject, event.row_count) == ("reports.ranking", 2)


def test_township_staff_may_not_export(client, staff, ranked):
    client.force_login(staff)

    response = client.get(reverse("reports:ranking-export"), {"run": ranked.pk})

    assert response.status_code == 403


def test_the_directive_pages_open(client, chief, issued):
    client.force_login(chief)

    assert client.get(reverse("reports:directive-list")).status_code == 200
    detail = client.get(reverse("reports:directive-detail", args=[issued.pk]))
    assert "召开月度调度会" in detail.content.decode()
    assert client.get(reverse("reports:ledger")).status_code == 200
    assert client.get(reverse("reports:yellowcard-list")).status_code == 200
    assert client.get(reverse("reports:directive-create")).status_code == 200


def test_the_township_reads_and_signs_its_copy_of_the_directive(
    client, staff, issued, village
):
    client.force_login(staff)
    receipt = Receipt.objects.get(township=village.township)

    listed = client.get(reverse("reports:receipt-list")).content.decode()
    client.post(reverse("reports:receipt-sign", args=[receipt.pk]))
    page = client.get(reverse("reports:receipt-detail", args=[receipt.pk]))

    assert issued.title in listed
    assert "召开月度调度会" in page.content.decode()
    receipt.refresh_from_db()
    assert receipt.signed_by == staff
    assert client.get(reverse("reports:directive-list")).status_code == 403


def test_the_township_hands_in_its_rectification_plan_on_the_cards_page(
    client, chief, issued, other_village
):
    Directive.objects.filter(pk=issued.pk).update(yellow_card_below=20)
    run_now(issued)
    services.publish_month(by=chief, directive=issued)
    card = services.decide_yellow_card(
        by=chief, card=YellowCard.objects.get(), issue=True, note="落后"
    )
    theirs = UserFactory.create(townships=[other_village.township])
    client.force_login(theirs)

    assert (
        "Rectification plan due by"
        in client.get(reverse("reports:yellowcard-list")).content.decode()
    )
    client.post(
        reverse("reports:yellowcard-plan", args=[card.pk]),
        {"file": SimpleUploadedFile("整改方案.pdf", attachment_files.PDF)},
    )

    card.refresh_from_db()
    assert card.plan_received_on is not None


def test_an_exported_township_name_cannot_run_as_a_formula(
    client, auditor, ranked, village
):
    township = village.township
    township.name = '=HYPERLINK("http://x")'
    township.save()
    client.force_login(auditor)

    response = client.get(
        reverse("reports:ranking-export"), {"run": ranked.pk, "format": "xlsx"}
    )

    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
    ).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, max_row=3, values_only=True)]
    assert all(not str(name).startswith("=") for name in names)
    assert any("HYPERLINK" in str(name) for name in names)


def test_the_ranking_page_needs_a_fixed_number_of_queries(
    client, chief, ranked, django_assert_max_num_queries
):
    client.force_login(chief)

    with django_assert_max_num_queries(40):
        client.get(reverse("reports:ranking"))


def test_the_ledger_shows_open_overdue_and_this_weeks_closed_tasks(
    client, staff, issued, village
):
    client.force_login(staff)
    entry = LedgerEntry.objects.get(township=village.township)
    url = reverse("reports:ledger")

    def shown(view):
        return [row.pk for row in client.get(url, {"view": view}).context["page"]]

    assert shown("open") == [entry.pk]
    assert shown("overdue") == []
    LedgerEntry.objects.filter(pk=entry.pk).update(
        due_on=entry.due_on.replace(year=entry.due_on.year - 1)
    )
    assert shown("overdue") == [entry.pk]
    client.post(
        reverse("reports:ledger-entry", args=[entry.pk]),
        {
            "evidence": "已完成",
            "file": SimpleUploadedFile("a.pdf", attachment_files.PDF),
        },
    )
    assert shown("week") == [entry.pk]
    assert shown("open") == []
