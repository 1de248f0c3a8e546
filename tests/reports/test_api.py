"""The reports API: scoped rankings and scores, receipts signed, ledger read."""

import pytest

from reports.models import ItemScore, Receipt
from tests.reports.conftest import run_now


@pytest.fixture
def ranked(issued):
    return run_now(issued)


def test_the_chief_reads_every_townships_rank_and_staff_only_their_own(
    api_as, chief, staff, ranked, village
):
    everyone = api_as(chief).get("/api/v1/rankings/").json()["results"]
    mine = api_as(staff).get("/api/v1/rankings/").json()["results"]

    assert [(row["rank"], row["total"]) for row in everyone] == [
        (1, "23.33"),  # no task closed here: 10 of 15 points scored, x 35/15
        (2, "14.00"),
    ]
    assert [row["township"] for row in mine] == [village.township_id]


def test_an_item_score_carries_village_figures_that_add_up(
    api_as, chief, ranked, village
):
    score = ItemScore.objects.get(
        township=village.township, item__indicator_code="households.corrections_applied"
    )

    body = api_as(chief).get(f"/api/v1/item-scores/{score.pk}/").json()

    assert body["numerator"] == "3.0000"
    assert sum(float(v["numerator"]) for v in body["villages"]) == 3


def test_another_townships_score_and_receipt_answer_404(api, ranked, other_village):
    score = ItemScore.objects.filter(township=other_village.township).first()
    receipt = Receipt.objects.get(township=other_village.township)

    assert api.get(f"/api/v1/item-scores/{score.pk}/").status_code == 404
    assert api.post(f"/api/v1/receipts/{receipt.pk}/sign/").status_code == 404


def test_staff_sign_their_receipt_and_the_auditor_may_not(
    api, api_as, auditor, issued, village
):
    receipt = Receipt.objects.get(township=village.township)

    assert (
        api_as(auditor).post(f"/api/v1/receipts/{receipt.pk}/sign/").status_code == 403
    )
    body = api.post(f"/api/v1/receipts/{receipt.pk}/sign/").json()

    assert body["signed_at"] is not None


def test_the_ledger_lists_the_townships_tasks(api, issued, village):
    rows = api.get("/api/v1/ledger/").json()["results"]

    assert [(row["township"], row["status"]) for row in rows] == [
        (village.township_id, "open")
    ]
