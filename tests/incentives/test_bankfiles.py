import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bureau.models import AccessEvent
from incentives import services
from incentives.models import BankFileLayout, BankResultFlag, PayoutBatch, PayoutLine
from tests.households.factories import PersonFactory
from tests.incentives.factories import approve, entitled, monthly_scheme

B = PayoutBatch.Status


@pytest.fixture
def scheme(db):
    return monthly_scheme("590.00")


@pytest.fixture
def batch(scheme, village, staff, chief, checker):
    for _ in range(3):
        entitled(scheme, village=village, by=staff)
    made = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=made)
    return approve(made, by=checker)


def _result_rows(batch, overrides=None):
    overrides = overrides or {}
    rows = []
    for number, line in enumerate(batch.lines.order_by("pk"), start=2):
        row = {
            "line": str(line.pk),
            "amount": f"{line.amount}",
            "result": "成功",
            "reason": "",
        }
        row.update(overrides.get(line.pk, {}))
        rows.append((number, row))
    return rows


def test_the_bank_file_is_gbk_with_the_full_numbers_and_a_control_total(batch, chief):
    bank_file = services.export_bank_file(by=chief, batch=batch)

    text = bytes(bank_file.content).decode("gbk")
    line = batch.lines.order_by("pk").first()
    assert text.splitlines()[0] == "序号,户名,账号,开户行,金额,摘要"
    assert f"{line.pk},{line.payee_name},622202" in text
    assert text.splitlines()[-1] == "合计,3,1770.00"
    assert bank_file.checksum == hashlib.sha256(bytes(bank_file.content)).hexdigest()
    batch.refresh_from_db()
    assert batch.status == B.EXPORTED
    assert set(batch.lines.values_list("status", flat=True)) == {"sent"}


def test_exporting_again_gives_the_same_bytes(batch, chief):
    first = services.export_bank_file(by=chief, batch=batch)
    again = services.export_bank_file(by=chief, batch=batch)
    rebuilt, _count = services.render_bank_file(batch, first.layout)

    assert again.pk == first.pk
    assert rebuilt == bytes(first.content)


def test_a_name_gbk_cannot_hold_is_flagged_and_nothing_is_altered(
    scheme, village, staff, chief, checker
):
    person = PersonFactory.create(household__village=village, name="王𠀀")
    entitled(scheme, person=person, by=staff)
    made = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=made)
    approve(made, by=checker)

    with pytest.raises(ValidationError, match="王𠀀"):
        services.export_bank_file(by=chief, batch=made)

    layout = BankFileLayout.objects.create(
        name="UTF-8",
        encoding="utf-8",
        columns=[["户名", "payee_name"], ["金额", "amount"]],
    )
    bank_file = services.export_bank_file(by=chief, batch=made, layout=layout)
    assert "王𠀀" in bytes(bank_file.content).decode("utf-8")


def test_a_download_is_an_audited_export_with_the_checksum(batch, chief):
    bank_file = services.export_bank_file(by=chief, batch=batch)

    services.download_bank_file(by=chief, batch=batch)

    event = AccessEvent.objects.get(subject="incentives.bankfile")
    assert event.kind == AccessEvent.Kind.EXPORT
    assert event.checksum == bank_file.checksum
    assert event.row_count == 3


def test_a_clean_result_reconciles(batch, chief):
    services.export_bank_file(by=chief, batch=batch)

    services.apply_bank_result(by=chief, batch=batch, rows=_result_rows(batch))
    reconciled = services.reconcile_batch(by=chief, batch=batch)

    assert reconciled.status == B.RECONCILED
    assert set(batch.lines.values_list("status", flat=True)) == {"paid"}


def test_a_duplicate_debit_an_unknown_line_and_an_amount_mismatch_are_each_flagged(
    batch, chief
):
    services.export_bank_file(by=chief, batch=batch)
    first, second, _third = batch.lines.order_by("pk")
    rows = _result_rows(batch, {second.pk: {"amount": "500.00"}})
    rows.append((5, {"line": str(first.pk), "amount": "590.00", "result": "成功"}))
    rows.append((6, {"line": "999999", "amount": "100.00", "result": "成功"}))

    services.apply_bank_result(by=chief, batch=batch, rows=rows)

    kinds = {flag.kind: flag for flag in batch.flags.all()}
    assert set(kinds) == {
        BankResultFlag.Kind.DUPLICATE_DEBIT,
        BankResultFlag.Kind.UNKNOWN_LINE,
        BankResultFlag.Kind.AMOUNT_MISMATCH,
    }
    with pytest.raises(ValidationError, match="still open"):
        services.reconcile_batch(by=chief, batch=batch)

    services.resolve_flag(
        by=chief, flag=kinds["duplicate"], outcome="refunded", resolution="银行已退回"
    )
    services.resolve_flag(
        by=chief, flag=kinds["unknown"], outcome="refunded", resolution="非本批次"
    )
    services.resolve_flag(
        by=chief, flag=kinds["mismatch"], outcome="paid", resolution="银行补发90元"
    )
    assert services.reconcile_batch(by=chief, batch=batch).status == B.RECONCILED


def test_totals_must_match_before_reconciling(batch, chief):
    services.export_bank_file(by=chief, batch=batch)
    services.apply_bank_result(by=chief, batch=batch, rows=_result_rows(batch))
    PayoutBatch.objects.filter(pk=batch.pk).update(bank_total=Decimal("1.00"))

    with pytest.raises(ValidationError, match="does not match"):
        services.reconcile_batch(by=chief, batch=batch)


def test_a_malformed_result_row_is_named_and_nothing_is_written(batch, chief):
    services.export_bank_file(by=chief, batch=batch)
    rows = _result_rows(batch)
    rows[1] = (3, {**rows[1][1], "amount": "abc"})

    with pytest.raises(ValidationError, match="row 3"):
        services.apply_bank_result(by=chief, batch=batch, rows=rows)

    assert set(batch.lines.values_list("status", flat=True)) == {"sent"}


def test_a_failed_line_is_reissued_only_in_a_follow_up_batch_linked_to_it(
    batch, chief, checker, staff
):
    services.export_bank_file(by=chief, batch=batch)
    failed = batch.lines.order_by("pk").first()
    rows = _result_rows(batch, {failed.pk: {"result": "失败", "reason": "户名不符"}})
    services.apply_bank_result(by=chief, batch=batch, rows=rows)
    services.reconcile_batch(by=chief, batch=batch)
    failed.refresh_from_db()
    assert failed.failure_reason == "户名不符"

    follow_up = services.create_follow_up_batch(by=chief, batch=batch)

    reissued = follow_up.lines.get()
    assert reissued.reissue_of == failed
    assert reissued.period == "2026-03"
    assert follow_up.follow_up_of == batch
    with pytest.raises(ValidationError, match="No failed line"):
        services.create_follow_up_batch(by=chief, batch=batch)
    assert (
        PayoutLine.objects.filter(
            person=failed.person, status__in=["pending", "sent", "paid"]
        ).count()
        == 1
    )


def test_the_result_file_is_read_from_a_spreadsheet(batch, chief):
    import io

    services.export_bank_file(by=chief, batch=batch)
    lines = list(batch.lines.order_by("pk"))
    csv_text = "序号,金额,结果,原因\r\n" + "".join(
        f"{line.pk},{line.amount},成功,\r\n" for line in lines
    )

    services.import_bank_result_file(
        by=chief,
        batch=batch,
        file=io.BytesIO(csv_text.encode("utf-8")),
        filename="r.csv",
    )

    assert set(batch.lines.values_list("status", flat=True)) == {"paid"}
