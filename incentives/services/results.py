"""The bank's result file, flags that need a person, and reconciliation.

The result marks lines paid or failed and flags a duplicate debit, an unknown line,
an amount mismatch, or a line the bank did not report. A batch is reconciled only when
no flag is open, every line is settled and the bank's total equals what was paid.
"""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.audit import audit_context
from bureau.spreadsheets import Column, TableError, read_rows
from incentives.models import BankResultFlag, PayoutBatch, PayoutLine
from incentives.models.payouts import LineStatus
from incentives.services._common import require_perm
from incentives.services.errors import StateError
from incentives.services.payouts import _locked_batch

B = PayoutBatch.Status
RESULT_COLUMNS = [
    Column("line", ("序号", "line", "流水号"), required=True),
    Column("account", ("账号", "account")),
    Column("amount", ("金额", "amount", "实发金额"), required=True),
    Column("result", ("结果", "result", "状态", "处理结果"), required=True),
    Column("reason", ("原因", "reason", "失败原因")),
]
SUCCESS = {"成功", "success", "ok", "paid", "已入账"}
FAILURE = {"失败", "failed", "fail", "退回"}


def parse_result_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
) -> tuple[
    list[tuple[int, int | None, Decimal, bool, str]], list[tuple[int, str, str]]
]:
    """The rows as (row, line id, amount, paid?, reason), and (row, column, message)
    for each row that cannot be read."""
    parsed, errors = [], []
    for number, row in rows:
        text = (row.get("line") or "").strip()
        try:
            amount = Decimal((row.get("amount") or "").replace(",", "").strip())
        except InvalidOperation:
            errors.append((number, "amount", _("the amount is not a number")))
            continue
        result = (row.get("result") or "").strip().lower()
        if result not in SUCCESS | FAILURE:
            errors.append(
                (
                    number,
                    "result",
                    _("the result %(value)s is neither success nor failure")
                    % {"value": result or "∅"},
                )
            )
            continue
        line_id = int(text) if text.isdigit() else None
        parsed.append(
            (
                number,
                line_id,
                amount,
                result in SUCCESS,
                (row.get("reason") or "").strip(),
            )
        )
    return parsed, errors


def _parse(rows) -> list[tuple[int, int | None, Decimal, bool, str]]:
    parsed, errors = parse_result_rows(rows)
    if errors:
        raise ValidationError(
            [
                _("row %(row)d: %(message)s") % {"row": row, "message": message}
                for row, _column, message in errors
            ]
        )
    return parsed


def apply_bank_result(
    *, by, batch: PayoutBatch, rows: Iterable[tuple[int, dict[str, str]]]
) -> PayoutBatch:
    """Mark lines paid or failed from the bank's result rows and flag the anomalies.

    All or nothing: a malformed row is named and nothing is written.
    """
    with transaction.atomic(), audit_context(user=by.pk, action="apply_bank_result"):
        require_perm(by, "incentives.change_payoutbatch")
        batch = _locked_batch(batch, status=B.EXPORTED)
        parsed = _parse(rows)
        lines = {line.pk: line for line in batch.lines.filter(status=LineStatus.SENT)}
        seen: set[int] = set()
        flags, bank_total = [], Decimal(0)
        for number, line_id, amount, ok, reason in parsed:
            if ok:
                bank_total += amount
            line = lines.get(line_id)
            if line is None:
                flags.append(
                    BankResultFlag(
                        batch=batch,
                        kind=BankResultFlag.Kind.UNKNOWN_LINE,
                        row_number=number,
                        amount=amount,
                        detail=_("line %(line)s is not in this batch")
                        % {"line": line_id or "?"},
                    )
                )
                continue
            if line_id in seen:
                flags.append(
                    BankResultFlag(
                        batch=batch,
                        line=line,
                        kind=BankResultFlag.Kind.DUPLICATE_DEBIT,
                        row_number=number,
                        amount=amount,
                        detail=_("line %(line)s appears again") % {"line": line_id},
                    )
                )
                continue
            seen.add(line_id)
            if ok and amount != line.amount:
                flags.append(
                    BankResultFlag(
                        batch=batch,
                        line=line,
                        kind=BankResultFlag.Kind.AMOUNT_MISMATCH,
                        row_number=number,
                        amount=amount,
                        detail=_("the bank paid %(paid)s, the line says %(due)s")
                        % {"paid": amount, "due": line.amount},
                    )
                )
                continue
            if ok:
                line.status, line.paid_amount = LineStatus.PAID, amount
            else:
                line.status, line.failure_reason = (
                    LineStatus.FAILED,
                    reason[:200] or _("no reason given"),
                )
        for line_id, line in lines.items():
            if line_id not in seen:
                flags.append(
                    BankResultFlag(
                        batch=batch,
                        line=line,
                        kind=BankResultFlag.Kind.MISSING,
                        detail=_("the bank did not report line %(line)s")
                        % {"line": line_id},
                    )
                )
        PayoutLine.objects.bulk_update(
            list(lines.values()),
            ["status", "paid_amount", "failure_reason"],
            batch_size=5000,
        )
        BankResultFlag.objects.bulk_create(flags)
        batch.bank_total = bank_total
        batch.status = B.RESULT_IMPORTED
        batch.version += 1
        batch.save()
        return batch


def import_bank_result_file(
    *, by, batch: PayoutBatch, file, filename: str
) -> PayoutBatch:
    """Read the bank's result file (XLSX or CSV) and apply it."""
    try:
        rows = list(read_rows(file, filename=filename, columns=RESULT_COLUMNS))
    except TableError as exc:
        raise ValidationError(exc.message) from exc
    return apply_bank_result(by=by, batch=batch, rows=rows)


def resolve_flag(
    *, by, flag: BankResultFlag, outcome: str, resolution: str
) -> BankResultFlag:
    """A person settles a flag: the line was paid or failed, or the bank refunded the
    extra debit (which comes off the bank's total)."""
    with transaction.atomic(), audit_context(user=by.pk, action="resolve_flag"):
        require_perm(by, "incentives.change_bankresultflag")
        flag = BankResultFlag.objects.select_for_update().get(pk=flag.pk)
        batch = _locked_batch(flag.batch, status=B.RESULT_IMPORTED)
        if flag.resolved_by_id:
            raise StateError(_("This flag is already settled."))
        if not (resolution or "").strip():
            raise ValidationError({"resolution": [_("Say how it was settled.")]})
        line = flag.line
        if outcome in ("paid", "failed"):
            if line is None or line.status != LineStatus.SENT:
                raise ValidationError(
                    {"outcome": [_("Only an unsettled line can be marked.")]}
                )
            if outcome == "paid":
                line.status, line.paid_amount = LineStatus.PAID, line.amount
                if flag.kind == BankResultFlag.Kind.MISSING:
                    batch.bank_total = (batch.bank_total or 0) + line.amount
                elif flag.amount is not None:
                    batch.bank_total = (
                        (batch.bank_total or 0) - flag.amount + line.amount
                    )
            else:
                line.status, line.failure_reason = (
                    LineStatus.FAILED,
                    resolution.strip()[:200],
                )
                if (
                    flag.kind == BankResultFlag.Kind.AMOUNT_MISMATCH
                    and flag.amount is not None
                ):
                    batch.bank_total = (batch.bank_total or 0) - flag.amount
            line.save()
        elif outcome == "refunded":
            if flag.kind not in (
                BankResultFlag.Kind.DUPLICATE_DEBIT,
                BankResultFlag.Kind.UNKNOWN_LINE,
            ):
                raise ValidationError(
                    {"outcome": [_("Only an extra debit is refunded.")]}
                )
            batch.bank_total = (batch.bank_total or 0) - (flag.amount or 0)
        else:
            raise ValidationError({"outcome": [_("Choose paid, failed or refunded.")]})
        batch.version += 1
        batch.save()
        flag.resolved_by = by
        flag.resolution = resolution.strip()[:300]
        flag.save()
        return flag


def reconcile_batch(*, by, batch: PayoutBatch) -> PayoutBatch:
    """Close the books of a batch: every line settled, no flag open, totals equal."""
    with transaction.atomic(), audit_context(user=by.pk, action="reconcile_batch"):
        require_perm(by, "incentives.change_payoutbatch")
        batch = _locked_batch(batch, status=B.RESULT_IMPORTED)
        open_flags = batch.flags.filter(resolved_by__isnull=True).count()
        if open_flags:
            raise ValidationError(
                _("%(count)d flags of the bank result are still open.")
                % {"count": open_flags}
            )
        if batch.lines.filter(status=LineStatus.SENT).exists():
            raise ValidationError(_("Some lines have no result from the bank yet."))
        paid = batch.lines.filter(status=LineStatus.PAID).aggregate(
            total=Sum("paid_amount")
        )["total"] or Decimal(0)
        settled = batch.lines.filter(
            status__in=[LineStatus.PAID, LineStatus.FAILED]
        ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if (batch.bank_total or Decimal(0)) != paid or settled != batch.total_amount:
            raise ValidationError(
                _(
                    "The bank's total %(bank)s does not match the %(paid)s paid "
                    "(batch total %(total)s)."
                )
                % {"bank": batch.bank_total, "paid": paid, "total": batch.total_amount}
            )
        batch.status = B.RECONCILED
        batch.reconciled_at = timezone.now()
        batch.version += 1
        batch.save()
        return batch


def close_batch(*, by, batch: PayoutBatch) -> PayoutBatch:
    """Close a reconciled batch (failed lines may still be reissued in a follow-up)."""
    with transaction.atomic(), audit_context(user=by.pk, action="close_batch"):
        require_perm(by, "incentives.change_payoutbatch")
        batch = _locked_batch(batch, status=B.RECONCILED)
        batch.status = B.CLOSED
        batch.version += 1
        batch.save()
        return batch
