"""Writes of the reports app: directives, sign-off, the ledger, publication, yellow cards.

Every function checks the acting user's permission and township, runs in a transaction,
and refuses a change the month's state no longer allows (a published month is frozen;
a later change is a revision with a reason).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import clocks
from bureau.attachments import attach_file, attachments_of
from bureau.indicators import all_indicators
from bureau.models import DeadlineClock, Township, User
from bureau.roles import Role
from bureau.scoping import townships_for
from bureau.services import notify
from reports import nightly
from reports.models import (
    Directive,
    DirectiveItem,
    LedgerEntry,
    Publication,
    RankingRun,
    Receipt,
    YellowCard,
)

Rule = DirectiveItem.Rule
RECTIFICATION_DAYS = 15
LEDGER_CLOCK = "reports-ledger-task"
PLAN_CLOCK = "reports-rectification-plan"
WARN_DAYS = 3


def _require(user: User, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(_("Your role may not do this."))


def _require_township(user: User, township_id: str) -> None:
    if not townships_for(user).filter(code=township_id).exists():
        raise PermissionDenied(_("This township is not one you serve."))


def _staff_of(township_ids) -> list[User]:
    return list(
        User.objects.filter(townships__in=list(township_ids), is_active=True).distinct()
    )


def _start_clock(*, subject, township, kind, label, due_on, today, by, link):
    """A core deadline clock due on `due_on`: the township's staff are warned a few days
    before, the chief is told once it has passed."""
    days = max((due_on - today).days, 1)
    return clocks.start_clock(
        subject=subject,
        township=township,
        kind=kind,
        label=label,
        days=days,
        unit=DeadlineClock.Unit.CALENDAR,
        by=by,
        started_on=today,
        warn_before=min(WARN_DAYS, days - 1),
        warn_users=_staff_of([township.pk]),
        escalate_role=Role.CHIEF,
        end_on_working_day=False,
        link=link,
    )


def _decimal(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ValidationError({field: _("Enter a number.")}) from error


@transaction.atomic
def create_directive(
    *, by: User, month: datetime.date, title: str, small_denominator: int = 20
) -> Directive:
    """A draft directive for the month containing `month`; one per month."""
    _require(by, "reports.add_directive")
    first = month.replace(day=1)
    if Directive.objects.filter(month=first).exists():
        raise ValidationError(
            {
                "month": _("There is already a directive for %(month)s.")
                % {"month": f"{first:%Y-%m}"}
            }
        )
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the directive a title.")})
    return Directive.objects.create(
        month=first,
        title=title.strip(),
        small_denominator=small_denominator,
        created_by=by,
    )


def _check_item(item: DirectiveItem) -> None:
    errors: dict[str, str] = {}
    if item.weight is None or item.weight <= 0:
        errors["weight"] = _("The weight (maximum points) must be above zero.")
    if item.kind == DirectiveItem.Kind.INDICATOR:
        if item.indicator_code not in all_indicators():
            errors["indicator_code"] = _("Choose an indicator from the list.")
        if item.rule == Rule.TASK:
            errors["rule"] = _(
                "An indicator is scored by a threshold, bands or incidents."
            )
    else:
        item.rule, item.indicator_code = Rule.TASK, ""
        if item.due_on is None:
            errors["due_on"] = _("A manual task needs a due date.")
    if item.rule == Rule.THRESHOLD and (item.target is None or item.deduction is None):
        errors["target"] = _(
            "A threshold rule needs a target and a deduction per step."
        )
    if item.rule == Rule.PER_INCIDENT and item.deduction is None:
        errors["deduction"] = _(
            "A per-incident rule needs the points off per incident."
        )
    if item.rule == Rule.BANDED:
        try:
            bands = [(Decimal(str(b)), Decimal(str(p))) for b, p in item.bands or []]
        except (InvalidOperation, TypeError, ValueError):
            bands = []
        if not bands:
            errors["bands"] = _(
                "A banded rule needs at least one band: bound and points."
            )
    if not (item.title or "").strip():
        errors["title"] = _("Give the item a title.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_item(
    *,
    by: User,
    directive: Directive,
    kind: str,
    weight,
    rule: str = Rule.TASK,
    indicator_code: str = "",
    title: str = "",
    target=None,
    step=None,
    deduction=None,
    bands=None,
    due_on: datetime.date | None = None,
) -> DirectiveItem:
    """Add an item to a draft directive; the rule's parameters are checked."""
    _require(by, "reports.add_directiveitem")
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    if directive.status != Directive.Status.DRAFT:
        raise ValidationError(_("An issued directive can no longer be changed."))
    indicator = all_indicators().get(indicator_code)
    item = DirectiveItem(
        directive=directive,
        position=directive.items.count() + 1,
        kind=kind,
        indicator_code=indicator_code or "",
        title=(title or (str(indicator.label) if indicator else "")).strip(),
        weight=_decimal(weight, "weight"),
        rule=rule,
        target=_decimal(target, "target"),
        step=_decimal(step, "step"),
        deduction=_decimal(deduction, "deduction"),
        bands=[[str(b), str(p)] for b, p in (bands or [])],
        due_on=due_on,
    )
    _check_item(item)
    item.save()
    return item


@transaction.atomic
def issue_directive(*, by: User, directive: Directive) -> Directive:
    """Issue a draft to every current township: a receipt to sign and each task's ledger."""
    _require(by, "reports.change_directive")
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    if directive.status != Directive.Status.DRAFT:
        raise ValidationError(_("This directive has already been issued."))
    items = list(directive.items.all())
    if not items:
        raise ValidationError(_("Add at least one item before issuing the directive."))
    townships = list(Township.objects.current(on=directive.month).order_by("code"))
    Receipt.objects.bulk_create(
        Receipt(directive=directive, township=township) for township in townships
    )
    entries = LedgerEntry.objects.bulk_create(
        LedgerEntry(item=item, township=township, due_on=item.due_on)
        for item in items
        if item.kind == DirectiveItem.Kind.TASK
        for township in townships
    )
    today = timezone.localdate()
    for entry in entries:
        _start_clock(
            subject=entry,
            township=entry.township,
            kind=LEDGER_CLOCK,
            label=_("Task due: %(title)s") % {"title": entry.item.title},
            due_on=entry.due_on,
            today=today,
            by=by,
            link=reverse("reports:ledger-entry", args=[entry.pk]),
        )
    directive.status = Directive.Status.ISSUED
    directive.issued_at = timezone.now()
    directive.save(update_fields=["status", "issued_at"])
    for receipt in directive.receipts.all():
        notify(
            recipients=_staff_of([receipt.township_id]),
            title=_("New monthly directive: %(title)s") % {"title": directive.title},
            body=_("Please sign for it (签收)."),
            link=reverse("reports:receipt-detail", args=[receipt.pk]),
        )
    return directive


@transaction.atomic
def sign_receipt(*, by: User, receipt: Receipt) -> Receipt:
    """The township signs for an issued directive (签收); signing twice keeps the first."""
    _require(by, "reports.sign_receipt")
    _require_township(by, receipt.township_id)
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    if receipt.signed_at is None:
        receipt.signed_at, receipt.signed_by = timezone.now(), by
        receipt.save(update_fields=["signed_at", "signed_by"])
    return receipt


@transaction.atomic
def close_ledger_entry(
    *,
    by: User,
    entry: LedgerEntry,
    evidence: str,
    file: IO[bytes] | None = None,
    filename: str = "",
) -> LedgerEntry:
    """Cross off a township's task (销号): a note and at least one attached file of proof.

    `file` is attached first (through the core attachments); an entry without any
    attachment stays open.
    """
    _require(by, "reports.change_ledgerentry")
    _require_township(by, entry.township_id)
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == LedgerEntry.Status.CLOSED:
        raise ValidationError(_("This task is already crossed off."))
    if not (evidence or "").strip():
        raise ValidationError(
            {"evidence": _("Describe the evidence that the task is done.")}
        )
    if file is not None:
        attach_file(
            by=by,
            to=entry,
            township=entry.township_id,
            file=file,
            filename=filename,
            description=evidence.strip()[:200],
        )
    if not attachments_of(by, entry).exists():
        raise ValidationError(
            {"file": _("Attach the document that proves the task is done.")}
        )
    entry.status = LedgerEntry.Status.CLOSED
    entry.evidence = evidence.strip()
    entry.closed_at, entry.closed_by = timezone.now(), by
    entry.save(update_fields=["status", "evidence", "closed_at", "closed_by"])
    clock = clocks.open_clock(entry, LEDGER_CLOCK)
    if clock is not None:
        clocks.meet_clock(clock=clock, by=by)
    return entry


def remind_unsigned_receipts(*, today: datetime.date) -> int:
    """Remind townships that have not signed an issued directive, at most once a day."""
    receipts = list(
        Receipt.objects.filter(
            directive__status=Directive.Status.ISSUED, signed_at__isnull=True
        )
        .exclude(reminded_at__date__gte=today)
        .select_related("directive")
    )
    for receipt in receipts:
        with transaction.atomic():
            notify(
                recipients=_staff_of([receipt.township_id]),
                title=_("Directive not yet signed: %(title)s")
                % {"title": receipt.directive.title},
                link=reverse("reports:receipt-detail", args=[receipt.pk]),
            )
            Receipt.objects.filter(pk=receipt.pk).update(reminded_at=timezone.now())
    return len(receipts)


def _current_run(directive: Directive) -> RankingRun | None:
    return directive.runs.filter(is_current=True).first()


def _last_township(run: RankingRun) -> set[str]:
    scores = list(
        run.totals.exclude(rank__isnull=True).values_list("township_id", "rank")
    )
    if len(scores) < 2:
        return set()
    worst = max(rank for _, rank in scores)
    return {code for code, rank in scores if rank == worst}


def _propose_yellow_cards(directive: Directive, run: RankingRun) -> int:
    previous = (
        Publication.objects.filter(directive__month__lt=directive.month)
        .order_by("-directive__month", "-version")
        .select_related("run")
        .first()
    )
    last_before = _last_township(previous.run) if previous else set()
    last_now = _last_township(run)
    made = 0
    for score in run.totals.order_by("township_id"):
        if score.total is not None and score.total < directive.yellow_card_below:
            reason = YellowCard.Reason.BELOW_THRESHOLD
        elif score.township_id in last_now & last_before:
            reason = YellowCard.Reason.LAST_TWICE
        else:
            continue
        _, created = YellowCard.objects.get_or_create(
            directive=directive,
            township_id=score.township_id,
            defaults={"reason": reason, "total": score.total},
        )
        made += created
    return made


@transaction.atomic
def publish_month(*, by: User, directive: Directive) -> Publication:
    """Approve the current provisional ranking and freeze it as version 1."""
    _require(by, "reports.publish_directive")
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    if directive.status != Directive.Status.ISSUED:
        raise ValidationError(_("Only an issued, unpublished month can be published."))
    run = _current_run(directive)
    if run is None:
        raise ValidationError(_("There is no complete ranking to publish yet."))
    publication = Publication.objects.create(
        directive=directive, version=1, run=run, published_by=by
    )
    directive.status = Directive.Status.PUBLISHED
    directive.save(update_fields=["status"])
    _propose_yellow_cards(directive, run)
    return publication


def revise_month(*, by: User, directive: Directive, reason: str) -> Publication:
    """Recompute a published month and publish the result as the next version.

    The earlier versions and their rankings stay readable.
    """
    _require(by, "reports.publish_directive")
    directive = Directive.objects.get(pk=directive.pk)
    if directive.status != Directive.Status.PUBLISHED:
        raise ValidationError(_("Only a published month can be revised."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("State the reason for the revision.")})
    run = nightly.run_directive(directive=directive, dispatch=nightly.score_inline)
    if run is not None:
        run.refresh_from_db()
    if run is None or run.status != RankingRun.Status.COMPLETE:
        raise ValidationError(_("The month is being recomputed; try again shortly."))
    with transaction.atomic():
        latest = directive.publications.select_for_update().order_by("-version").first()
        publication = Publication.objects.create(
            directive=directive,
            version=latest.version + 1,
            run=run,
            reason=reason.strip(),
            published_by=by,
        )
        _propose_yellow_cards(directive, run)
    return publication


@transaction.atomic
def decide_yellow_card(
    *, by: User, card: YellowCard, issue: bool, note: str
) -> YellowCard:
    """The chief's logged decision on a proposal: issue the card (a rectification plan is
    then due within 15 days) or dismiss it. Nothing is ever issued automatically."""
    _require(by, "reports.decide_yellowcard")
    card = YellowCard.objects.select_for_update().get(pk=card.pk)
    if card.status != YellowCard.Status.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Record the reason for the decision.")})
    today = timezone.localdate()
    card.status = YellowCard.Status.ISSUED if issue else YellowCard.Status.DISMISSED
    card.note, card.decided_by, card.decided_at = note.strip(), by, timezone.now()
    if issue:
        card.save()
        clock = _start_clock(
            subject=card,
            township=card.township,
            kind=PLAN_CLOCK,
            label=_("Rectification plan for the yellow card of %(month)s")
            % {"month": f"{card.directive.month:%Y-%m}"},
            due_on=today + datetime.timedelta(days=RECTIFICATION_DAYS),
            today=today,
            by=by,
            link=reverse("reports:yellowcard-list"),
        )
        card.plan_due_on = clock.due_on
        notify(
            recipients=_staff_of([card.township_id]),
            title=_("Yellow card for %(month)s: a rectification plan is due by %(due)s")
            % {"month": f"{card.directive.month:%Y-%m}", "due": card.plan_due_on},
            link=reverse("reports:yellowcard-list"),
        )
    card.save()
    return card


@transaction.atomic
def receive_rectification_plan(
    *, by: User, card: YellowCard, file: IO[bytes], filename: str
) -> YellowCard:
    """The township hands in its rectification plan for an issued card (as a document)."""
    _require(by, "reports.change_yellowcard")
    _require_township(by, card.township_id)
    card = YellowCard.objects.select_for_update().get(pk=card.pk)
    if card.status != YellowCard.Status.ISSUED or card.plan_received_on:
        raise ValidationError(_("No rectification plan is owed for this card."))
    attach_file(
        by=by,
        to=card,
        township=card.township_id,
        file=file,
        filename=filename,
        description=_("Rectification plan"),
    )
    card.plan_received_on = timezone.localdate()
    card.save(update_fields=["plan_received_on"])
    clock = clocks.open_clock(card, PLAN_CLOCK)
    if clock is not None:
        clocks.meet_clock(clock=clock, by=by)
    return card
