"""Directives: drafting, items, issuing, sign-off (签收), the township ledger (挂账销号)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import clocks
from bureau.attachments import attach_file, attachments_of
from bureau.indicators import all_indicators
from bureau.models import Township, User
from bureau.services import notify
from reports.models import (
    Directive,
    DirectiveItem,
    LedgerEntry,
    Receipt,
)
from reports.services._common import (
    LEDGER_CLOCK,
    Rule,
    _decimal,
    _require,
    _require_township,
    _staff_of,
    _start_clock,
)


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
