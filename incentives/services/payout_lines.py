"""The lines of a payout batch: every owed entitlement's line, written by COPY, and the
payee's bank account attached (incentives.services.payouts runs the batch itself)."""

import io

from django.db import connection
from django.db.models import Count, Q, Sum

from incentives.amounts import RateTable, amount_for
from incentives.models import BankAccount, Entitlement, PayoutBatch, PayoutLine, Scheme
from incentives.models.payouts import LIVE_LINE, LineStatus
from incentives.periods import period_end, period_start

BUILD_CHUNK = 5000


def accounts_by_payee(scheme: Scheme, payee_ids) -> dict[int, BankAccount]:
    return {
        account.person_id: account
        for account in BankAccount.objects.filter(
            scheme=scheme, is_active=True, person_id__in=payee_ids
        )
    }


def new_line(
    batch: PayoutBatch, entitlement: Entitlement, amount, account
) -> PayoutLine:
    return PayoutLine(
        batch=batch,
        scheme_id=batch.scheme_id,
        period=batch.period,
        person_id=entitlement.person_id,
        entitlement=entitlement,
        village_id=entitlement.village_id,
        account=account,
        payee_name=entitlement.payee.name,
        bank_name=account.bank_name if account else "",
        account_number_encrypted=account.number_encrypted if account else "",
        account_first6=account.number_first6 if account else "",
        account_last4=account.number_last4 if account else "",
        account_length=account.number_length if account else 0,
        amount=amount,
    )


COPY_COLUMNS = (
    "batch_id",
    "scheme_id",
    "period",
    "person_id",
    "entitlement_id",
    "village_id",
    "account_id",
    "payee_name",
    "bank_name",
    "account_number_encrypted",
    "account_first6",
    "account_last4",
    "account_length",
    "amount",
    "status",
    "failure_reason",
)

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})

OWED_FIELDS = (
    "pk",
    "person_id",
    "payee_id",
    "village_id",
    "category",
    "starts_on",
    "ends_on",
    "person__died_on",
    "person__birth_date",
    "payee__name",
)


def _account_rows(scheme: Scheme, payee_ids) -> dict[int, tuple]:
    return {
        row[0]: row
        for row in BankAccount.objects.filter(
            scheme=scheme, is_active=True, person_id__in=payee_ids
        ).values_list(
            "person_id",
            "pk",
            "bank_name",
            "number_encrypted",
            "number_first6",
            "number_last4",
            "number_length",
        )
    }


def _copy_lines(text: str) -> None:
    """COPY the lines in (the audit triggers fire for each row as for any insert)."""
    if not text:
        return
    table = PayoutLine._meta.db_table
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.cursor.copy_expert(
            f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN", io.StringIO(text)
        )


def add_owed_lines(batch: PayoutBatch) -> int:
    """Insert a line for every entitlement owed for the period that has none yet.

    Set-based: the owed entitlements are read as tuples and the lines written by COPY,
    so a batch of tens of thousands of lines builds in seconds.
    """
    scheme = batch.scheme
    start, end = period_start(batch.period), period_end(batch.period)
    table = RateTable.for_scheme(scheme)
    taken = PayoutLine.objects.filter(
        scheme=scheme, period=batch.period, status__in=LIVE_LINE
    ).values("person_id")
    owed = (
        Entitlement.objects.filter(scheme=scheme, status=Entitlement.Status.ACTIVE)
        .filter(starts_on__lt=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        # A person who died before the period starts is never put in a batch.
        .exclude(person__is_alive=False, person__died_on__lt=start)
        .exclude(person__is_alive=False, person__died_on__isnull=True)
        .exclude(person_id__in=taken)
        .order_by("pk")
        .values_list(*OWED_FIELDS)
    )
    added = 0
    chunk: list[tuple] = []

    def flush() -> int:
        accounts = _account_rows(scheme, [row[2] for row in chunk])
        out = []
        for (
            pk,
            person,
            payee,
            village,
            category,
            starts,
            ends,
            died,
            born,
            name,
        ) in chunk:
            amount = amount_for(
                scheme=scheme,
                table=table,
                period=batch.period,
                category=category,
                starts_on=starts,
                ends_on=ends,
                died_on=died,
                birth_date=born,
            )
            if amount <= 0:
                continue
            account = accounts.get(payee)
            fields = [
                str(batch.pk),
                str(scheme.pk),
                batch.period,
                str(person),
                str(pk),
                village,
                str(account[1]) if account else "\\N",
                name.translate(_COPY_ESCAPES),
                account[2].translate(_COPY_ESCAPES) if account else "",
                account[3] if account else "",
                account[4] if account else "",
                account[5] if account else "",
                str(account[6]) if account else "0",
                str(amount),
                LineStatus.PENDING,
                "",
            ]
            out.append("\t".join(fields) + "\n")
        _copy_lines("".join(out))
        chunk.clear()
        return len(out)

    for row in owed.iterator(chunk_size=BUILD_CHUNK):
        chunk.append(row)
        if len(chunk) >= BUILD_CHUNK:
            added += flush()
    if chunk:
        added += flush()
    return added


def refresh_totals(batch: PayoutBatch) -> None:
    figures = batch.lines.exclude(status=LineStatus.CANCELLED).aggregate(
        count=Count("pk"), total=Sum("amount")
    )
    batch.line_count = figures["count"] or 0
    batch.total_amount = figures["total"] or 0


def attach_new_accounts(batch: PayoutBatch) -> int:
    """Lines still without an account take the payee's account recorded since."""
    lines = list(
        batch.lines.filter(account__isnull=True)
        .exclude(status=LineStatus.CANCELLED)
        .select_related("entitlement")
    )
    accounts = accounts_by_payee(
        batch.scheme, [line.entitlement.payee_id for line in lines]
    )
    changed = []
    for line in lines:
        account = accounts.get(line.entitlement.payee_id)
        if account is None:
            continue
        line.account = account
        line.bank_name = account.bank_name
        line.account_number_encrypted = account.number_encrypted
        line.account_first6 = account.number_first6
        line.account_last4 = account.number_last4
        line.account_length = account.number_length
        changed.append(line)
    PayoutLine.objects.bulk_update(
        changed,
        [
            "account",
            "bank_name",
            "account_number_encrypted",
            "account_first6",
            "account_last4",
            "account_length",
        ],
    )
    return len(changed)
