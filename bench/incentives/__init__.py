"""The benefits suite: build and freeze a payout batch of up to 60,000 lines, and build it
again as a no-op. Registered with bench.registry; `python -m bench` (make bench) runs it.

The setup (not timed) writes persons, entitlements and encrypted accounts in bulk; each
scenario runs in its own process and reports seconds and queries.
"""

import time
from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.registry import Suite, register_suite

LINES = 60_000
PERIOD = "2026-03"
PLAN = (("build", False), ("rebuild-no-op", False), ("freeze", False))


def _users():
    from bureau.models import User
    from bureau.roles import Role

    maker, _ = User.objects.get_or_create(
        username="bench-maker",
        defaults={"role": Role.CHIEF, "full_name": "bench maker"},
    )
    return maker


def _reset() -> None:
    from incentives.models import (
        BankAccount,
        Entitlement,
        PayoutBatch,
        PayoutLine,
        Rate,
        Scheme,
    )

    PayoutLine.objects.all().delete()
    PayoutBatch.objects.all().delete()
    BankAccount.objects.all().delete()
    Entitlement.objects.all().delete()
    Rate.objects.filter(scheme__code="bench").delete()
    Scheme.objects.filter(code="bench").delete()


def prepare(workdir, options) -> tuple[dict[str, str], dict]:
    from bureau import crypto
    from bureau.models import Village
    from households.models import Person
    from incentives.models import BankAccount, Entitlement, Rate, Scheme

    _reset()
    count = min(LINES, options["persons"])
    village = Village.objects.order_by("code").first()
    if village is None:
        from django.conf import settings

        from bureau.models import Township

        district = settings.BUREAU_DISTRICT_CODE
        township, _ = Township.objects.get_or_create(
            code=f"{district}900000", defaults={"name": "基准镇"}
        )
        village, _ = Village.objects.get_or_create(
            code=f"{district}900001",
            defaults={
                "name": "基准村",
                "township": township,
                "urban_rural_code": "220",
            },
        )
    maker = _users()
    scheme = Scheme.objects.create(
        code="bench",
        name="bench",
        public_label="bench",
        kind="rural_reward",
        pay_every="month",
    )
    Rate.objects.create(
        scheme=scheme,
        amount=Decimal("80"),
        per="month",
        effective_from=date(2012, 1, 1),
    )
    persons = Person.objects.bulk_create(
        [
            Person(
                name=f"测试{n}",
                name_pinyin=f"ceshi{n}",
                name_initials="cs",
                name_search=f"ceshi{n}",
                name_sort=f"ceshi{n:06d}",
                sex="F",
                birth_date=date(1950, 1, 1),
            )
            for n in range(count)
        ],
        batch_size=5000,
    )
    Entitlement.objects.bulk_create(
        [
            Entitlement(
                scheme=scheme,
                person=p,
                payee=p,
                village=village,
                starts_on=date(2024, 1, 1),
            )
            for p in persons
        ],
        batch_size=5000,
    )
    BankAccount.objects.bulk_create(
        [
            BankAccount(
                person=p,
                scheme=scheme,
                bank_name="农村商业银行",
                holder_name=p.name,
                number_encrypted=crypto.encrypt(f"622202{p.pk:013d}"),
                number_hash=f"{p.pk:064d}",
                number_first6="622202",
                number_last4=f"{p.pk:013d}"[-4:],
                number_length=19,
                created_by=maker,
            )
            for p in persons
        ],
        batch_size=5000,
    )
    return {}, {"lines": count, "village": village.pk}


def _timed(work) -> dict:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        rows = work()
        seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": seconds, "queries": len(queries)}


def _batch():
    from incentives.models import PayoutBatch

    return PayoutBatch.objects.get(scheme__code="bench", period=PERIOD)


def build(files) -> dict:
    from incentives import services
    from incentives.models import Scheme

    scheme = Scheme.objects.get(code="bench")
    return _timed(
        lambda: (
            services.create_batch(by=_users(), scheme=scheme, period=PERIOD).line_count
        )
    )


def rebuild(files) -> dict:
    from incentives import services

    batch = _batch()
    result = _timed(lambda: services.rebuild_batch(by=_users(), batch=batch))
    result["added"], result["rows"] = result["rows"], batch.line_count
    return result


def freeze(files) -> dict:
    from incentives import services

    batch = _batch()
    return _timed(lambda: services.freeze_batch(by=_users(), batch=batch).line_count)


def render(*, results, meta, elapsed) -> str:
    lines = [
        "## Benefits: payout batches",
        "",
        f"{meta['lines']:,} entitlements with accounts in one scheme and month "
        f"(suite time {elapsed:.0f} s including the untimed setup).",
        "",
        "| scenario | lines | seconds | queries | peak MB |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    labels = {
        "build": "build the draft (lines computed in bulk)",
        "rebuild-no-op": "build again: nothing new is owed (adds 0)",
        "freeze": "freeze (totals, content hash)",
    }
    for name, _fresh in PLAN:
        result = results.get(name, {})
        if result.get("error"):
            lines.append(f"| {labels[name]} | failed: {result['error']} | | | |")
            continue
        lines.append(
            f"| {labels[name]} | {result.get('rows', 0):,} | {result.get('seconds', 0):.2f} | "
            f"{result.get('queries', 0)} | {result.get('peak_mb', 0):.0f} |"
        )
    return "\n".join(lines)


register_suite(
    Suite(
        name="incentives",
        plan=PLAN,
        persons=LINES,
        scenarios={"build": build, "rebuild-no-op": rebuild, "freeze": freeze},
        prepare=prepare,
        reset=_reset,
        render=render,
    )
)
