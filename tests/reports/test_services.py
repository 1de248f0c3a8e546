"""Directives through their life: items, issue, sign-off, ledger, publication, cards."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bureau.clocks import open_clock
from bureau.models import DeadlineClock
from reports import nightly, services
from reports.models import (
    Directive,
    DirectiveItem,
    LedgerEntry,
    Publication,
    RankingRun,
    Receipt,
    YellowCard,
)
from reports.selectors import displayed_run
from tests.bureau import attachment_files
from tests.bureau.factories import UserFactory
from tests.reports.conftest import applied_corrections, run_now
from tests.reports.factories import DirectiveFactory

PDF = attachment_files.PDF


def test_an_item_with_an_incomplete_rule_is_refused_with_the_field_named(chief):
    directive = DirectiveFactory.create(created_by=chief)

    with pytest.raises(ValidationError) as threshold:
        services.add_item(
            by=chief,
            directive=directive,
            kind=DirectiveItem.Kind.INDICATOR,
            indicator_code="households.corrections_applied",
            weight=10,
            rule=DirectiveItem.Rule.THRESHOLD,
        )
    with pytest.raises(ValidationError) as unknown:
        services.add_item(
            by=chief,
            directive=directive,
            kind=DirectiveItem.Kind.INDICATOR,
            indicator_code="births.unauthorised",
            weight=10,
            rule=DirectiveItem.Rule.PER_INCIDENT,
            deduction=1,
        )

    assert "target" in threshold.value.error_dict
    assert "indicator_code" in unknown.value.error_dict
    assert not directive.items.exists()


def test_township_staff_cannot_write_directives(staff):
    with pytest.raises(PermissionDenied):
        services.create_directive(by=staff, month=timezone.localdate(), title="月指令")


def test_issuing_gives_every_township_a_receipt_and_its_tasks(staff, issued):
    assert issued.status == Directive.Status.ISSUED
    assert Receipt.objects.filter(directive=issued).count() == 2
    assert LedgerEntry.objects.filter(item__directive=issued).count() == 2
    assert staff.notifications.filter(title__contains=issued.title).exists()


def test_an_issued_directive_can_no_longer_change(issued, chief):
    with pytest.raises(ValidationError):
        services.add_item(
            by=chief,
            directive=issued,
            kind=DirectiveItem.Kind.TASK,
            title="x",
            weight=1,
            due_on=timezone.localdate(),
        )


def test_a_township_signs_only_its_own_receipt_and_is_reminded_until_it_does(
    issued, staff, village, other_village
):
    mine = Receipt.objects.get(township=village.township)
    theirs = Receipt.objects.get(township=other_village.township)
    today = timezone.localdate()

    assert services.remind_unsigned_receipts(today=today) == 2
    assert services.remind_unsigned_receipts(today=today) == 0  # once a day
    services.sign_receipt(by=staff, receipt=mine)
    with pytest.raises(PermissionDenied):
        services.sign_receipt(by=staff, receipt=theirs)

    mine.refresh_from_db()
    assert mine.signed_by == staff
    tomorrow = today + datetime.timedelta(days=1)
    assert services.remind_unsigned_receipts(today=tomorrow) == 1


def test_a_task_is_crossed_off_only_with_a_note_and_an_attached_document(
    issued, staff, village
):
    entry = LedgerEntry.objects.get(township=village.township)

    with pytest.raises(ValidationError) as no_file:
        services.close_ledger_entry(by=staff, entry=entry, evidence="已完成")
    services.close_ledger_entry(
        by=staff,
        entry=entry,
        evidence="已完成",
        file=io.BytesIO(PDF),
        filename="纪要.pdf",
    )

    assert "file" in no_file.value.error_dict
    entry.refresh_from_db()
    assert entry.status == LedgerEntry.Status.CLOSED
    assert entry.done_on_time


def test_a_published_month_is_frozen_and_a_revision_keeps_both_versions(
    issued, chief, other_village
):
    run_now(issued)
    first = services.publish_month(by=chief, directive=issued)
    applied_corrections(other_village, 2)  # the township now meets its target

    assert nightly.months_to_score() == []
    assert displayed_run(issued) == first.run
    with pytest.raises(ValidationError):
        services.revise_month(by=chief, directive=issued, reason=" ")
    second = services.revise_month(by=chief, directive=issued, reason="补录纠错")

    def total(publication):
        return publication.run.totals.get(township=other_village.township).total

    assert (first.version, second.version) == (1, 2)
    assert (total(first), total(second)) == (D("14.00"), D("23.33"))
    assert displayed_run(issued) == second.run
    assert Publication.objects.filter(directive=issued).count() == 2


def test_publishing_needs_a_complete_ranking(issued, chief):
    nightly.start_run(directive=issued)  # running, never finished

    with pytest.raises(ValidationError):
        services.publish_month(by=chief, directive=issued)
    assert RankingRun.objects.filter(is_current=True).count() == 0


def test_a_low_total_proposes_a_yellow_card_that_only_the_chief_decides(
    issued, chief, staff, other_village
):
    Directive.objects.filter(pk=issued.pk).update(yellow_card_below=20)  # 35 and 14
    run_now(issued)
    services.publish_month(by=chief, directive=issued)
    card = YellowCard.objects.get()

    assert card.township == other_village.township
    assert (card.reason, card.status) == (YellowCard.Reason.BELOW_THRESHOLD, "proposed")
    with pytest.raises(PermissionDenied):
        services.decide_yellow_card(by=staff, card=card, issue=True, note="x")
    with pytest.raises(ValidationError):
        services.decide_yellow_card(by=chief, card=card, issue=True, note="")
    services.decide_yellow_card(by=chief, card=card, issue=True, note="连续落后")

    card.refresh_from_db()
    assert card.status == YellowCard.Status.ISSUED
    assert card.plan_due_on == timezone.localdate() + datetime.timedelta(days=15)
    with pytest.raises(ValidationError):
        services.decide_yellow_card(by=chief, card=card, issue=False, note="again")


def test_last_two_months_running_is_proposed_even_above_the_threshold(
    chief, village, other_village
):
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    for month in (last_month, this_month):
        directive = DirectiveFactory.create(created_by=chief, month=month)
        directive.yellow_card_below = 0
        directive.save()
        services.add_item(
            by=chief,
            directive=directive,
            kind=DirectiveItem.Kind.INDICATOR,
            indicator_code="households.corrections_applied",
            weight=10,
            rule=DirectiveItem.Rule.PER_INCIDENT,
            deduction=1,
        )
        services.issue_directive(by=chief, directive=directive)
        applied_corrections(
            village, 1
        )  # one more incident each month, always `village`
        run_now(directive)
        services.publish_month(by=chief, directive=directive)

    cards = YellowCard.objects.filter(reason=YellowCard.Reason.LAST_TWICE)
    assert [card.township for card in cards] == [village.township]
    assert cards.get().directive.month == this_month


def test_a_chief_from_another_role_cannot_publish(issued):
    auditor = UserFactory.create(role="auditor")
    run_now(issued)

    with pytest.raises(PermissionDenied):
        services.publish_month(by=auditor, directive=issued)


def test_each_task_and_each_issued_card_runs_a_core_deadline_clock(
    issued, chief, staff, village, other_village
):
    entry = LedgerEntry.objects.get(township=village.township)
    clock = open_clock(entry, services.LEDGER_CLOCK)
    assert clock.due_on == entry.due_on
    services.close_ledger_entry(
        by=staff, entry=entry, evidence="已完成", file=io.BytesIO(PDF), filename="a.pdf"
    )
    clock.refresh_from_db()
    assert clock.state == DeadlineClock.State.MET

    Directive.objects.filter(pk=issued.pk).update(yellow_card_below=20)
    run_now(issued)
    services.publish_month(by=chief, directive=issued)
    card = services.decide_yellow_card(
        by=chief, card=YellowCard.objects.get(), issue=True, note="落后"
    )
    plan = open_clock(card, services.PLAN_CLOCK)
    assert (
        plan.due_on
        == card.plan_due_on
        == timezone.localdate() + datetime.timedelta(days=15)
    )
    with pytest.raises(PermissionDenied):  # staff of another township
        services.receive_rectification_plan(
            by=staff, card=card, file=io.BytesIO(PDF), filename="plan.pdf"
        )
    theirs = UserFactory.create(townships=[other_village.township])
    services.receive_rectification_plan(
        by=theirs, card=card, file=io.BytesIO(PDF), filename="plan.pdf"
    )
    plan.refresh_from_db()
    assert plan.state == DeadlineClock.State.MET


def test_a_second_card_within_six_months_flags_a_formal_talk(chief, village):
    from reports.selectors import formal_talk_due

    cards = []
    for months_back in (0, 2, 9):
        day = timezone.localdate().replace(day=1)
        back = day.year * 12 + day.month - 1 - months_back
        directive = DirectiveFactory.create(
            created_by=chief, month=datetime.date(back // 12, back % 12 + 1, 1)
        )
        cards.append(
            YellowCard.objects.create(
                directive=directive,
                township=village.township,
                reason=YellowCard.Reason.BELOW_THRESHOLD,
                status=YellowCard.Status.ISSUED,
            )
        )

    # This month's card is the second within six months; the others are not.
    assert formal_talk_due(cards) == {cards[0].pk}
