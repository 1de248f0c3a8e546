"""The reports suite's scenarios; each runs in its own `python -m bench --child` process."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.reports import data

QUEUE = "bench-reports"
RUN_TIMEOUT = 4 * 3600
CLIENTS = 16
REQUESTS_PER_CLIENT = 25


def _child_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "BENCH_DATABASE_NAME": settings.DATABASES["default"]["NAME"],
        "DJANGO_SETTINGS_MODULE": "bench.reports.settings",
        **extra,
    }


def _broker() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis"):
        return ""
    address = urlparse(url)
    try:
        socket.create_connection((address.hostname, address.port or 6379), 2).close()
    except OSError:
        return ""
    return url


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _world_persons(world: str) -> int:
    from households.models import Person

    return Person.objects.filter(
        household__village__township_id__in=data.township_codes(world)
    ).count()


def _start_workers(url: str, count: int) -> list[subprocess.Popen]:
    command = [sys.executable, "-m", "celery", "-A", "bureau", "worker", "-Q", QUEUE]
    options = [
        "--pool",
        "solo",
        "--without-gossip",
        "--without-mingle",
        "-l",
        "warning",
    ]
    return [
        subprocess.Popen(
            [*command, *options, "-n", f"bench{n}@%h"],
            env=_child_env(CELERY_BROKER_URL=url),
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(count)
    ]


def _wait_for_workers(app, count: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if len(app.control.ping(timeout=0.5) or []) >= count:
            return
    raise RuntimeError(f"{count} Celery workers did not answer within two minutes")


def _use_broker(app, url: str) -> None:
    conf = app.conf
    conf.task_always_eager, conf.broker_url, conf.task_default_queue = False, url, QUEUE
    for name in ("queues", "default_queue", "router"):
        app.amqp.__dict__.pop(name, None)
    with app.connection_for_write() as channel:
        channel.default_channel.queue_purge(QUEUE)


def ranking(world: str, workers: int) -> dict:
    """One nightly run of the world's directive: every township scored, ranked, switched."""
    from bureau.celery import app
    from reports import nightly, tasks
    from reports.models import Directive, RankingRun

    directive = Directive.objects.get(month=data.months()[world])
    result = {"rows": _world_persons(world), "townships": directive.receipts.count()}
    url = _broker()
    if not url:
        started = time.perf_counter()
        run = nightly.run_directive(directive=directive, dispatch=nightly.score_inline)
        result["seconds"] = time.perf_counter() - started
        result["mode"] = "in-process (no Redis broker: CELERY_BROKER_URL unset)"
        result["complete"] = RankingRun.objects.get(pk=run.pk).status == "complete"
        return result
    _use_broker(app, url)
    processes = _start_workers(url, workers)
    try:
        _wait_for_workers(app, workers)
        started = time.perf_counter()
        run = nightly.run_directive(
            directive=directive, dispatch=tasks.dispatch_townships
        )
        deadline = time.monotonic() + RUN_TIMEOUT
        while RankingRun.objects.get(pk=run.pk).status == "running":
            if time.monotonic() > deadline:
                raise RuntimeError("the ranking run did not finish")
            time.sleep(0.2)
        result["seconds"] = time.perf_counter() - started
        peaks = [_vm_hwm_mb(process.pid) for process in processes]
        result["worker_peak_mb"] = max((p for p in peaks if p), default=None)
    finally:
        for process in processes:
            _stop(process)
    final = RankingRun.objects.get(pk=run.pk)
    result["complete"] = final.status == "complete" and final.is_current
    result["mode"] = f"{workers} Celery worker process{'es' if workers > 1 else ''}"
    return result


def _session_key() -> str:
    """A logged-in chief's session that passed the second factor, as after a real login."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    chief, _auditor = data.users()
    device = TOTPDevice.objects.filter(user=chief, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=chief, name="bench")
    client = Client()
    client.force_login(chief)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return session.session_key


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _load(url: str, cookie: str) -> tuple[list[float], int, float]:
    import requests

    latencies: list[float] = []
    failures = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client() -> None:
        with requests.Session() as http:
            http.cookies.set("sessionid", cookie)
            barrier.wait()
            for _ in range(REQUESTS_PER_CLIENT):
                started = time.perf_counter()
                response = http.get(url, timeout=120, allow_redirects=False)
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    if response.status_code != 200:
                        failures.append(response.status_code)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, len(failures), time.perf_counter() - started


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(round(share * (len(ordered) - 1)), len(ordered) - 1)]


def dashboard() -> dict:
    """The chief's ranking dashboard under gunicorn: 16 clients, 25 requests each."""
    import requests
    from django.urls import reverse

    port = _free_port()
    workers = 2 * (os.cpu_count() or 1)
    log = tempfile.TemporaryFile()  # noqa: SIM115 (read on failure, closed below)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bureau.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        # Plain HTTP on 127.0.0.1, and static files without collectstatic's manifest.
        env=_child_env(
            DJANGO_HTTPS="false",
            STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        ),
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}{reverse('reports:ranking')}"
    cookie = _session_key()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                first = requests.get(
                    url,
                    cookies={"sessionid": cookie},
                    timeout=30,
                    allow_redirects=False,
                )
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        if first.status_code != 200:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"the dashboard answered {first.status_code}: {tail}")
        latencies, failures, wall = _load(url, cookie)
    finally:
        _stop(server)
        log.close()
    return {
        "rows": len(latencies),
        "seconds": wall,
        "p50_ms": _percentile(latencies, 0.5) * 1000,
        "p95_ms": _percentile(latencies, 0.95) * 1000,
        "max_ms": max(latencies) * 1000,
        "requests_per_s": len(latencies) / wall,
        "failures": failures,
        "server": f"gunicorn, {workers} sync workers",
        "clients": CLIENTS,
    }


def export_statistics() -> dict:
    """The whole statistics table as XLSX through the core export path, as an auditor."""
    from bureau.exports import ExportOptions, write_logged_export
    from reports.exports import STATISTICS, exportable_figures, statistics_rows

    _chief, auditor = data.users()
    selection, applied = exportable_figures(auditor, {})
    with (
        tempfile.TemporaryFile() as handle,
        CaptureQueriesContext(connection) as queries,
    ):
        started = time.perf_counter()
        count, _checksum, _event = write_logged_export(
            handle,
            request=None,
            user=auditor,
            rows=statistics_rows(selection),
            headers=STATISTICS.headers,
            options=ExportOptions(fmt="xlsx"),
            subject=STATISTICS.subject,
            filters=applied,
            sheet_title=STATISTICS.sheet_title,
        )
        seconds = time.perf_counter() - started
        size = handle.seek(0, os.SEEK_END)
    return {
        "rows": count,
        "seconds": seconds,
        "queries": len(queries),
        "file_mb": size / 2**20,
    }
