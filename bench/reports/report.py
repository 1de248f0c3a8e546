"""The reports suite's section of docs/benchmarks.md, with the machine and the date."""

import platform
from typing import Any

from django.utils import timezone

from bench.households.report import database, git_revision, load_average, machine

RANKINGS = (
    ("ranking-district-1", "district", 1),
    ("ranking-district-2", "district", 2),
    ("ranking-city-1", "city", 1),
    ("ranking-city-2", "city", 2),
)


def _mb(value) -> str:
    return f"{value:.0f}" if value else "—"


def _failed(result: dict[str, Any] | None) -> str:
    if not result:
        return "not run"
    return f"failed: {result['error']}" if result.get("error") else ""


def _ranking_rows(results, meta) -> list[str]:
    rows = []
    for key, world, workers in RANKINGS:
        result = results.get(key)
        problem = _failed(result)
        persons = meta[world]
        if problem:
            rows.append(f"| {world} | {persons:,} | {workers} | {problem} | | | | |")
            continue
        rows.append(
            f"| {world} | {result['rows']:,} | {result['townships']} | "
            f"{result['mode']} | {result['seconds']:.1f} | "
            f"{result['rows'] / result['seconds']:,.0f} | "
            f"{_mb(result.get('worker_peak_mb'))} | "
            f"{'yes' if result.get('complete') else '**no**'} |"
        )
    return rows


def _dashboard(result) -> list[str]:
    problem = _failed(result)
    if problem:
        return [f"Dashboard: {problem}."]
    return [
        "| server | clients | requests | p50 ms | p95 ms | max ms | requests/s | "
        "not 200 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {result['server']} | {result['clients']} | {result['rows']} | "
        f"{result['p50_ms']:.0f} | {result['p95_ms']:.0f} | {result['max_ms']:.0f} | "
        f"{result['requests_per_s']:.1f} | {result['failures']} |",
    ]


def _export(result) -> list[str]:
    problem = _failed(result)
    if problem:
        return [f"Export: {problem}."]
    return [
        "| format | rows | seconds | rows/s | SQL queries | file MB | peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| XLSX | {result['rows']:,} | {result['seconds']:.1f} | "
        f"{result['rows'] / result['seconds']:,.0f} | {result['queries']} | "
        f"{result['file_mb']:.1f} | {_mb(result.get('peak_mb'))} |",
    ]


def render_suite(arguments: dict[str, Any]) -> str:
    results, meta, elapsed = (
        arguments["results"],
        arguments["meta"],
        arguments["elapsed"],
    )
    box, db = machine(), database()
    return "\n".join(
        [
            "## Reports: nightly ranking, dashboard, statistics export",
            "",
            f"Produced by `python -m bench --suite reports --persons {meta['district']}`"
            f" on {timezone.localtime():%Y-%m-%d %H:%M %Z} (suite time "
            f"{elapsed / 60:.1f} min including the untimed setup); git {git_revision()}.",
            f"Machine: {box['cpu']}; nproc {box['nproc']}; memory {box['memory']}; "
            f"{box['os']}; Python {platform.python_version()}; {db['version']}. "
            f"Load average at the start / end: {meta.get('load_start', '?')} / "
            f"{load_average()}. One run each: read about ±15 % into any figure.",
            "",
            f"Data (generated in SQL with generate_series): a district of "
            f"{meta['district']:,} persons in 12 townships and a city of "
            f"{meta['city']:,} persons in 65 townships (20 villages each, 3 persons per "
            "household, 1 % of persons with a correction applied in the month, 0.5 % of "
            "households with an open data-quality finding); each world has its own "
            "issued directive of three register indicators. The statistics table holds "
            f"{meta['statistics_rows']:,} synthetic rows (12 months × 65 townships × "
            "generated indicator codes) for the export.",
            "",
            "### Nightly scoring and ranking",
            "",
            "`reports.nightly.run_directive` with the Celery dispatch: one task per "
            "township on Redis, the last one ranks and switches the current run. "
            "Seconds from the start of the run to the switch (workers already up); "
            "worker peak is the largest worker process's VmHWM.",
            "",
            "| world | persons | townships | workers | seconds | persons/s | "
            "worker peak MB | switched |",
            "| --- | ---: | ---: | --- | ---: | ---: | ---: | --- |",
            *_ranking_rows(results, meta),
            "",
            "### Chief dashboard (ranking page) under the production server",
            "",
            "gunicorn serving `bureau.wsgi` on the bench database (plain HTTP on "
            "127.0.0.1); a chief's session that passed the second factor; 16 client "
            "threads with 25 requests each, all at once after a warm-up request.",
            "",
            *_dashboard(results.get("dashboard")),
            "",
            "### Statistics export",
            "",
            "`reports.exports` rows into `bureau.exports.write_logged_export` as an "
            "auditor (the path of the background export job without the ZIP): XLSX in "
            "constant memory to a temporary file, SHA-256, one access event.",
            "",
            *_export(results.get("export-statistics-xlsx")),
            "",
        ]
    )
