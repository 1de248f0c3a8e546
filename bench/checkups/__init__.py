"""The check-ups suite: a campaign's target list made from the whole register, made again
as a no-op, and the campaign page (coverage chart and tables) over it.

The setup (not timed) loads the register of `--persons` persons with COPY, as the
register's suite does. `generate` opens a reproductive-health campaign in every township:
one INSERT … SELECT of every woman aged 20–49 (rows/s). `regenerate-no-op` opens it again
(adds 0). `coverage-page` first gives the invitations a realistic spread of statuses, then
asks for the campaign page PAGE_REQUESTS times as township staff serving every
township and reports the median and 95th percentile.
"""

import statistics
import time
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.registry import Suite, register_suite

PLAN = (("generate", False), ("regenerate-no-op", False), ("coverage-page", False))
PAGE_REQUESTS = 40
YEAR, QUARTER = 2026, 2


def _reset() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE checkups_campaign, checkups_couple RESTART IDENTITY CASCADE"
        )


def prepare(workdir, options) -> tuple[dict[str, str], dict]:
    from bench.households import data
    from bench.households.variants import copy_import

    data.ensure_district()
    _reset()
    data.truncate_register()
    path = workdir / "register.csv"
    data.write_register_file(
        path, data.register_rows(persons=options["persons"], seed=options["seed"])
    )
    loaded = copy_import(path)
    return {}, {"persons": loaded["rows"], "households": loaded["households"]}


def _loader():
    from bench.households import data
    from bureau.models import User

    return User.objects.get(username=data.LOADER)


def _campaign():
    from bureau.models import Township
    from checkups import services
    from checkups.models import Campaign

    found = Campaign.objects.filter(
        kind=Campaign.Kind.REPRODUCTIVE_HEALTH, year=YEAR, quarter=QUARTER
    ).first()
    if found:
        return found
    return services.create_campaign(
        by=_chief(),
        kind=Campaign.Kind.REPRODUCTIVE_HEALTH,
        year=YEAR,
        quarter=QUARTER,
        starts_on=date(YEAR, 4, 1),
        ends_on=date(YEAR, 6, 30),
        townships=list(Township.objects.all()),
    )


def _chief():
    from bureau.models import User
    from bureau.roles import Role

    chief, _ = User.objects.get_or_create(
        username="bench-chief",
        defaults={"role": Role.CHIEF, "full_name": "基准测试局长"},
    )
    return chief


def _timed(work) -> dict:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        rows = work()
        seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": seconds, "queries": len(queries)}


def generate(files) -> dict:
    from checkups import services

    campaign = _campaign()
    return _timed(lambda: services.open_campaign(by=_loader(), campaign=campaign))


def regenerate(files) -> dict:
    from checkups import services

    campaign = _campaign()
    result = _timed(lambda: services.open_campaign(by=_loader(), campaign=campaign))
    result["added"], result["rows"] = result["rows"], campaign.invitations.count()
    return result


def _spread_statuses(campaign) -> None:
    """About 70 % attended, 5 % declined, 3 % moved away, 2 % unreachable, then the
    table vacuumed and analysed (untimed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE checkups_invitation SET status = CASE
                WHEN r < 0.70 THEN 'attended' WHEN r < 0.75 THEN 'declined'
                WHEN r < 0.78 THEN 'moved_away' WHEN r < 0.80 THEN 'unreachable'
                ELSE status END
            FROM (SELECT id, random() AS r FROM checkups_invitation
                  WHERE campaign_id = %s) AS pick
            WHERE checkups_invitation.id = pick.id
            """,
            [campaign.pk],
        )
        # What autovacuum does soon after so large a change: fresh statistics and the
        # visibility map, so the figures are read from the index alone.
        cursor.execute("VACUUM ANALYZE checkups_invitation")


def coverage_page(files) -> dict:
    from django.conf import settings
    from django.test import override_settings

    # The bench runs without collectstatic: plain static file names, no manifest.
    storages = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    with override_settings(STORAGES=storages):
        return _coverage_page()


def _coverage_page() -> dict:
    from django.test import Client
    from django.urls import reverse

    campaign = _campaign()
    connection.cursor().execute("SELECT setseed(0.5)")
    _spread_statuses(campaign)
    client = Client(HTTP_HOST="localhost")
    client.force_login(_loader())
    url = reverse("checkups:campaign-detail", args=[campaign.pk])
    client.get(url, secure=True)  # warm the caches once, as a real page would be
    times, queries = [], 0
    for _ in range(PAGE_REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            answer = client.get(url, secure=True)
            times.append(time.perf_counter() - started)
        if answer.status_code != 200:
            raise RuntimeError(f"The campaign page answered {answer.status_code}.")
        queries = len(captured)
    times.sort()
    return {
        "rows": campaign.invitations.count(),
        "requests": len(times),
        "seconds": sum(times),
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": times[max(0, round(0.95 * len(times)) - 1)] * 1000,
        "queries": queries,
    }


LABELS = {
    "generate": "open the campaign: target list in one INSERT … SELECT",
    "regenerate-no-op": "open again: nobody new (adds 0)",
    "coverage-page": "campaign page with coverage chart and tables",
}


def _line(name, result) -> str:
    if result.get("error"):
        return f"| {LABELS[name]} | failed: {result['error']} | | | | |"
    rows, seconds = result.get("rows", 0), result.get("seconds", 0)
    if name == "coverage-page":
        speed = (
            f"p50 {result.get('p50_ms', 0):.0f} ms, p95 {result.get('p95_ms', 0):.0f} ms "
            f"({result.get('requests', 0)} requests)"
        )
    else:
        rate = rows / seconds if seconds and name == "generate" else 0
        speed = f"{rate:,.0f} rows/s" if rate else f"added {result.get('added', 0)}"
    return (
        f"| {LABELS[name]} | {rows:,} | {seconds:.2f} | {speed} | "
        f"{result.get('queries', 0)} | {result.get('peak_mb', 0):.0f} |"
    )


def render(*, results, meta, elapsed) -> str:
    lines = [
        "## Check-ups: target generation and the coverage page",
        "",
        f"A register of {meta['persons']:,} persons in {meta['households']:,} households "
        f"(suite time {elapsed:.0f} s including the untimed setup); a reproductive-health "
        "campaign in every township invites every woman aged 20–49.",
        "",
        "| scenario | invitations | seconds | speed | queries | peak MB |",
        "| --- | ---: | ---: | --- | ---: | ---: |",
    ]
    lines += [_line(name, results.get(name, {})) for name, _fresh in PLAN]
    return "\n".join(lines)


register_suite(
    Suite(
        name="checkups",
        plan=PLAN,
        persons=500_000,
        scenarios={
            "generate": generate,
            "regenerate-no-op": regenerate,
            "coverage-page": coverage_page,
        },
        prepare=prepare,
        reset=_reset,
        render=render,
    )
)
