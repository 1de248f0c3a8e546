"""The bank's result file as an import kind of bureau.imports ("incentives.bank_result").

    manage.py import incentives.bank_result 结果文件.csv

The file names its lines (序号 = the line number of the bank file), so the importer
finds the exported batch they belong to. The dry run reports unreadable rows; the
commit applies the whole file or nothing (apply_bank_result), whatever `valid_only`
says, since a half-applied bank result could not be reconciled.
"""

from collections import Counter
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from bureau.imports import (
    Importer,
    ImportResult,
    Progress,
    RowError,
    Rows,
    no_progress,
    register_importer,
)
from bureau.spreadsheets import write_xlsx
from incentives.models import PayoutBatch, PayoutLine
from incentives.services import StateError
from incentives.services.results import (
    RESULT_COLUMNS,
    apply_bank_result,
    parse_result_rows,
)

KIND = "incentives.bank_result"
FLAGS = "flags"


def batch_of(line_ids) -> PayoutBatch | None:
    """The exported batch most of these lines belong to."""
    counts = Counter(
        PayoutLine.objects.filter(
            pk__in=[pk for pk in line_ids if pk],
            batch__status=PayoutBatch.Status.EXPORTED,
        ).values_list("batch_id", flat=True)
    )
    if not counts:
        return None
    return PayoutBatch.objects.get(pk=counts.most_common(1)[0][0])


class BankResultImporter(Importer):
    kind = KIND
    label = "银行代发结果"
    permission = "incentives.change_payoutbatch"
    columns = RESULT_COLUMNS
    template_filename = "银行代发结果模板.xlsx"
    title = gettext_lazy("Bank result imports")
    action_label = gettext_lazy("Import a bank result")
    file_label = gettext_lazy("Bank result file")
    instructions = gettext_lazy(
        "The bank's result file of an exported batch: line number, amount, result "
        "(成功/失败) and the bank's reason. It is applied whole or not at all."
    )

    def commit_summary(self, result: ImportResult) -> str:
        return gettext(
            "%(settled)d lines settled; %(flags)d rows flagged for a person."
        ) % {
            "settled": result.rows_updated,
            "flags": result.details.get(FLAGS, 0),
        }

    def run(
        self,
        rows: Rows,
        *,
        by,
        valid_only: bool,
        dry_run: bool,
        progress: Progress = no_progress,
    ) -> ImportResult:
        rows = list(rows)
        progress(len(rows))
        parsed, problems = parse_result_rows(rows)
        result = ImportResult(rows_total=len(rows), dry_run=dry_run)
        result.errors = [
            RowError(row=row, column=self.column_label(column), message=message)
            for row, column, message in problems
        ]
        result.rows_invalid = len({row for row, _c, _m in problems})
        batch = batch_of([line_id for _n, line_id, *_rest in parsed])
        if batch is None:
            result.errors.append(
                RowError(
                    row=0,
                    column="",
                    message=gettext("No exported batch has these lines."),
                )
            )
            result.rows_invalid = result.rows_total
        if dry_run or result.blocking_errors:
            return result
        try:
            applied = apply_bank_result(by=by, batch=batch, rows=rows)
        except (ValidationError, StateError) as exc:
            message = getattr(exc, "message", None) or "; ".join(exc.messages)
            result.errors.append(RowError(row=0, column="", message=message))
            return result
        result.rows_updated = applied.lines.filter(
            status__in=["paid", "failed"]
        ).count()
        result.details = {FLAGS: applied.flags.count()}
        result.committed = True
        return result

    def write_template(self, target: BinaryIO) -> None:
        write_xlsx(target, headers=[c.headers[0] for c in RESULT_COLUMNS], rows=[])


register_importer(BankResultImporter())
