"""The bank result through the core import pipeline (kind incentives.bank_result)."""

from django.core.files.base import ContentFile

from bureau.imports import check_import, commit_import, start_import
from incentives import services
from incentives.importing import KIND
from tests.incentives.factories import approve, entitled, monthly_scheme


def _exported(village, staff, chief, checker):
    scheme = monthly_scheme("590.00")
    for _ in range(2):
        entitled(scheme, village=village, by=staff)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=batch)
    approve(batch, by=checker)
    services.export_bank_file(by=chief, batch=batch)
    return batch


def test_a_bank_result_is_checked_then_applied_through_the_pipeline(
    village, staff, chief, checker
):
    batch = _exported(village, staff, chief, checker)
    first, second = batch.lines.order_by("pk")
    text = f"序号,金额,结果,原因\r\n{first.pk},590.00,成功,\r\n{second.pk},590.00,失败,户名不符\r\n"
    job = start_import(
        by=chief, kind=KIND, file=ContentFile(text.encode("gbk")), filename="结果.csv"
    )

    checked = check_import(job.pk)
    assert checked.status == "checked"
    assert set(batch.lines.values_list("status", flat=True)) == {"sent"}

    done = commit_import(job.pk)
    assert done.status == "done"
    second.refresh_from_db()
    assert second.status == "failed"
    assert second.failure_reason == "户名不符"


def test_an_unreadable_row_blocks_the_whole_result(village, staff, chief, checker):
    batch = _exported(village, staff, chief, checker)
    first, second = batch.lines.order_by("pk")
    text = f"序号,金额,结果\r\n{first.pk},590.00,成功\r\n{second.pk},abc,成功\r\n"
    job = start_import(
        by=chief, kind=KIND, file=ContentFile(text.encode("utf-8")), filename="r.csv"
    )

    done = commit_import(job.pk)

    assert done.status != "done"
    assert any(error["row"] == 3 for error in done.errors)
    assert set(batch.lines.values_list("status", flat=True)) == {"sent"}
