"""Publication of a month (frozen, then revisions with a reason) and yellow cards."""

from __future__ import annotations

import datetime
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import clocks
from bureau.attachments import attach_file
from bureau.models import User
from bureau.services import notify
from reports import nightly
from reports.models import (
    Directive,
    Publication,
    RankingRun,
    YellowCard,
)
from reports.services._common import (
    PLAN_CLOCK,
    RECTIFICATION_DAYS,
    _require,
    _require_township,
    _staff_of,
    _start_clock,
)


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
