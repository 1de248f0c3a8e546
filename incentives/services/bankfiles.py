"""The bank file of an approved batch.

The bank file is built from the frozen lines in line order with no clock in it (an XLSX
carries the approval time as its creation date), so building it again gives the same
bytes; it is stored with its SHA-256 and every download is logged. A GBK file cannot
hold some rare characters: such rows are named and the export refused, never altered.
A worker makes it (services.bankfile_jobs); the page and the API only queue it.
"""

import csv
import hashlib
import io
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bureau import crypto
from bureau.audit import audit_context
from bureau.models import AccessEvent
from bureau.services import record_access
from bureau.spreadsheets import neutralize, write_xlsx
from incentives.models import (
    BankFile,
    BankFileLayout,
    PayoutBatch,
    PayoutLine,
)
from incentives.models.payouts import LineStatus
from incentives.services._common import require_perm
from incentives.services.errors import StateError
from incentives.services.payouts import _locked_batch

B = PayoutBatch.Status
DEFAULT_COLUMNS = [
    ["序号", "line"],
    ["户名", "payee_name"],
    ["账号", "account"],
    ["开户行", "bank_name"],
    ["金额", "amount"],
    ["摘要", "memo"],
]
FIELDS = {
    "line",
    "payee_name",
    "account",
    "bank_name",
    "amount",
    "memo",
    "period",
    "village",
}


def default_layout() -> BankFileLayout:
    layout = BankFileLayout.objects.filter(is_default=True).order_by("pk").first()
    if layout is None:
        layout, _created = BankFileLayout.objects.get_or_create(
            name="GBK CSV",
            defaults={
                "columns": DEFAULT_COLUMNS,
                "encoding": "gbk",
                "is_default": True,
            },
        )
    return layout


def _cell(field: str, line: PayoutLine, batch: PayoutBatch) -> str:
    if field == "line":
        return str(line.pk)
    if field == "account":
        return crypto.decrypt(line.account_number_encrypted)
    if field == "amount":
        return f"{line.amount:.2f}"
    if field == "memo":
        return f"{batch.scheme.public_label} {batch.period}"
    if field == "period":
        return batch.period
    if field == "village":
        return line.village_id
    return str(neutralize(getattr(line, field)))


def _document_date(batch: PayoutBatch) -> datetime:
    """The XLSX creation date: the approval's, so a rebuild writes the same bytes."""
    return batch.approved_at or batch.frozen_at or datetime(2000, 1, 1, tzinfo=UTC)


def render_bank_file(batch: PayoutBatch, layout: BankFileLayout) -> tuple[bytes, int]:
    """The bytes of the bank file and its row count; ValidationError names rows the
    encoding cannot hold."""
    columns = [(str(header), field) for header, field in layout.columns]
    unknown = [field for _h, field in columns if field not in FIELDS]
    if unknown:
        raise ValidationError(
            _("The layout names unknown fields: %(fields)s")
            % {"fields": ", ".join(unknown)}
        )
    headers = [header for header, _f in columns]
    rows = []
    problems = []
    lines = batch.lines.exclude(status=LineStatus.CANCELLED).order_by("pk")
    for number, line in enumerate(lines.iterator(chunk_size=5000), start=2):
        values = [_cell(field, line, batch) for _h, field in columns]
        try:
            "".join(values).encode(layout.encoding)
        except UnicodeEncodeError:
            problems.append(
                _("row %(row)d (%(name)s)") % {"row": number, "name": line.payee_name}
            )
        rows.append(values)
    if problems:
        raise ValidationError(
            _(
                "%(encoding)s cannot hold the names in %(rows)s; ask the bank for a UTF-8 "
                "layout or correct the name in the register."
            )
            % {"encoding": layout.encoding.upper(), "rows": ", ".join(problems[:20])}
        )
    trailer = ["合计", str(len(rows)), f"{batch.total_amount:.2f}"]
    if layout.file_format == BankFileLayout.Format.XLSX:
        buffer = io.BytesIO()
        write_xlsx(
            buffer,
            headers=headers,
            rows=[*rows, trailer],
            sheet_title=batch.period,
            created=_document_date(batch),
        )
        return buffer.getvalue(), len(rows)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    writer.writerow(trailer)
    return text.getvalue().encode(layout.encoding), len(rows)


def export_bank_file(
    *, by, batch: PayoutBatch, layout: BankFileLayout | None = None
) -> BankFile:
    """Build and store the bank file of an approved batch once; a rerun returns it."""
    with transaction.atomic(), audit_context(user=by.pk, action="export_bank_file"):
        require_perm(by, "incentives.change_payoutbatch")
        batch = _locked_batch(batch)
        existing = BankFile.objects.filter(batch=batch).first()
        if existing is not None:
            return existing
        if batch.status != B.APPROVED:
            raise StateError(_("Only an approved batch goes to the bank."))
        layout = layout or default_layout()
        content, count = render_bank_file(batch, layout)
        bank_file = BankFile.objects.create(
            batch=batch,
            layout=layout,
            file_format=layout.file_format,
            encoding=layout.encoding,
            content=content,
            checksum=hashlib.sha256(content).hexdigest(),
            row_count=count,
            created_by=by,
        )
        batch.lines.filter(status=LineStatus.PENDING).update(status=LineStatus.SENT)
        batch.status = B.EXPORTED
        batch.version += 1
        batch.save()
        return bank_file


def download_bank_file(*, by, batch: PayoutBatch, request=None) -> BankFile:
    """The stored bank file; each download is an audited export with its checksum."""
    require_perm(by, "incentives.change_payoutbatch")
    bank_file = BankFile.objects.filter(batch=batch).first()
    if bank_file is None:
        raise StateError(_("This batch has no bank file yet."))
    record_access(
        request=request,
        user=by,
        kind=AccessEvent.Kind.EXPORT,
        subject="incentives.bankfile",
        object_id=batch.pk,
        reason=_("bank file"),
        filters={"batch": batch.pk, "period": batch.period},
        row_count=bank_file.row_count,
        checksum=bank_file.checksum,
    )
    return bank_file
