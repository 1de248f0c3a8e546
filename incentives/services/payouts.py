"""Payout batches: build, freeze, approve (maker ≠ checker), follow-ups for failures.

Never pay twice: a partial unique index allows one live line (pending, sent or paid)
per person, scheme and period, and the services take row locks (the scheme row while
lines are built, the batch row for every transition) so that concurrent builders and
approvers serialise and exactly one transition happens.
"""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.audit import audit_context
from incentives.models import PayoutBatch, PayoutLine, Scheme
from incentives.models.payouts import LineStatus
from incentives.periods import months_of
from incentives.services import stepup
from incentives.services._common import require_perm
from incentives.services.errors import StateError
from incentives.services.payout_lines import (
    BUILD_CHUNK,
    accounts_by_payee,
    add_owed_lines,
    attach_new_accounts,
    new_line,
    refresh_totals,
)

B = PayoutBatch.Status


def _locked_batch(batch: PayoutBatch, *, status: str | None = None) -> PayoutBatch:
    current = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    if status is not None and current.status != status:
        raise StateError(
            _("The batch is %(status)s now; someone else acted first.")
            % {"status": current.get_status_display()}
        )
    return current


def create_batch(*, by, scheme: Scheme, period: str) -> PayoutBatch:
    """Open the batch of a scheme and period and compute its lines in bulk.

    One main batch per scheme and period; a second request answers with an error.
    """
    months_of(period)
    if (scheme.pay_every == Scheme.PayEvery.MONTH) != (len(period) == 7):
        raise ValidationError(
            {
                "period": [
                    _("This scheme is paid per %(unit)s.")
                    % {"unit": scheme.get_pay_every_display()}
                ]
            }
        )
    with transaction.atomic(), audit_context(user=by.pk, action="create_batch"):
        require_perm(by, "incentives.add_payoutbatch")
        Scheme.objects.select_for_update().get(pk=scheme.pk)
        if (
            PayoutBatch.objects.filter(
                scheme=scheme, period=period, follow_up_of__isnull=True
            )
            .exclude(status=B.CANCELLED)
            .exists()
        ):
            raise ValidationError(
                {"period": [_("A batch for this scheme and period already exists.")]}
            )
        batch = PayoutBatch.objects.create(scheme=scheme, period=period, made_by=by)
        add_owed_lines(batch)
        refresh_totals(batch)
        batch.save()
        return batch


def rebuild_batch(*, by, batch: PayoutBatch) -> int:
    """Add lines for entitlements granted since the draft was built, and give lines
    without an account the one recorded since; a rerun adds none."""
    with transaction.atomic(), audit_context(user=by.pk, action="rebuild_batch"):
        require_perm(by, "incentives.change_payoutbatch")
        Scheme.objects.select_for_update().get(pk=batch.scheme_id)
        batch = _locked_batch(batch, status=B.DRAFT)
        attach_new_accounts(batch)
        if batch.follow_up_of_id:
            return 0
        added = add_owed_lines(batch)
        if added:
            refresh_totals(batch)
            batch.version += 1
            batch.save()
        return added


def content_hash(batch: PayoutBatch) -> str:
    """SHA-256 over the frozen lines (who, how much, to which account), in line order."""
    digest = hashlib.sha256(f"{batch.scheme_id}|{batch.period}".encode())
    for row in (
        batch.lines.exclude(status=LineStatus.CANCELLED)
        .order_by("pk")
        .values_list("pk", "person_id", "amount", "account_id", "payee_name")
        .iterator(chunk_size=BUILD_CHUNK)
    ):
        digest.update(("|".join(map(str, row)) + "\n").encode())
    return digest.hexdigest()


def freeze_batch(*, by, batch: PayoutBatch) -> PayoutBatch:
    """Freeze the list: no line changes after this; every line needs an account."""
    with transaction.atomic(), audit_context(user=by.pk, action="freeze_batch"):
        require_perm(by, "incentives.change_payoutbatch")
        batch = _locked_batch(batch, status=B.DRAFT)
        without = list(
            batch.lines.filter(account__isnull=True)
            .exclude(status=LineStatus.CANCELLED)
            .values_list("payee_name", flat=True)[:10]
        )
        if without:
            raise ValidationError(
                _("These payees have no active account for the scheme: %(names)s")
                % {"names": ", ".join(without)}
            )
        refresh_totals(batch)
        if not batch.line_count:
            raise ValidationError(_("The batch has no lines to pay."))
        batch.content_hash = content_hash(batch)
        batch.status = B.FROZEN
        batch.frozen_at = timezone.now()
        batch.version += 1
        batch.save()
        return batch


def approve_batch(*, by, batch: PayoutBatch, otp_code: str = "") -> PayoutBatch:
    """The checker approves a frozen batch; the maker never approves their own.

    Concurrent approvals serialise on the batch row: exactly one succeeds, the others
    get StateError (409). The lines must still match the frozen content hash, and the
    checker re-enters a current code of their authenticator app (step-up); a missing or
    wrong code is a ValidationError on `otp_code` and the batch stays frozen.
    """
    try:
        with transaction.atomic(), audit_context(user=by.pk, action="approve_batch"):
            require_perm(by, "incentives.approve_payoutbatch")
            batch = _locked_batch(batch, status=B.FROZEN)
            if by.pk == batch.made_by_id:
                raise PermissionDenied(_("The maker of a batch cannot approve it."))
            if content_hash(batch) != batch.content_hash:
                raise ValidationError(
                    _("The lines changed after freezing; freeze again.")
                )
            stepup.require_current_code(by, otp_code)
            batch.status = B.APPROVED
            batch.approved_by = by
            batch.approved_at = timezone.now()
            batch.version += 1
            batch.save()
            return batch
    except stepup.StepUpRefused as refusal:
        stepup.record_refusal(by, refusal, batch=batch)
        raise refusal.as_validation_error() from None


def cancel_batch(*, by, batch: PayoutBatch, reason: str) -> PayoutBatch:
    """Cancel a batch that has not gone to the bank; its lines free their slots."""
    with (
        transaction.atomic(),
        audit_context(user=by.pk, action="cancel_batch", reason=reason),
    ):
        require_perm(by, "incentives.change_payoutbatch")
        batch = _locked_batch(batch)
        if batch.status not in (B.DRAFT, B.FROZEN, B.APPROVED):
            raise StateError(_("A batch sent to the bank cannot be cancelled."))
        if not (reason or "").strip():
            raise ValidationError({"reason": [_("Say why the batch is cancelled.")]})
        batch.lines.update(status=LineStatus.CANCELLED)
        batch.status = B.CANCELLED
        batch.version += 1
        batch.save()
        return batch


def create_follow_up_batch(*, by, batch: PayoutBatch) -> PayoutBatch:
    """Reissue the failed lines of a reconciled batch in a new batch linked to it.

    Each new line points at the failed line it reissues (at most once) and uses the
    payee's account as it is now, so a fixed card is paid.
    """
    with (
        transaction.atomic(),
        audit_context(user=by.pk, action="create_follow_up_batch"),
    ):
        require_perm(by, "incentives.add_payoutbatch")
        batch = _locked_batch(batch)
        if batch.status not in (B.RECONCILED, B.CLOSED):
            raise StateError(_("Failures are reissued after the batch is reconciled."))
        failed = list(
            batch.lines.filter(status=LineStatus.FAILED, reissued_as__isnull=True)
            .select_related("entitlement__payee")
            .order_by("pk")
        )
        if not failed:
            raise ValidationError(_("No failed line is waiting to be reissued."))
        follow_up = PayoutBatch.objects.create(
            scheme_id=batch.scheme_id,
            period=batch.period,
            follow_up_of=batch,
            made_by=by,
        )
        accounts = accounts_by_payee(
            batch.scheme, [line.entitlement.payee_id for line in failed]
        )
        lines = []
        for line in failed:
            new = new_line(
                follow_up,
                line.entitlement,
                line.amount,
                accounts.get(line.entitlement.payee_id),
            )
            new.reissue_of = line
            lines.append(new)
        try:
            with transaction.atomic():
                PayoutLine.objects.bulk_create(lines)
        except IntegrityError as exc:
            raise StateError(
                _("A line was reissued at the same moment; reload.")
            ) from exc
        refresh_totals(follow_up)
        follow_up.save()
        return follow_up
