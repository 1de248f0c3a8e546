"""The reports suite: nightly scoring and ranking, the chief's dashboard, the statistics
export. Registered with bench.registry; `python -m bench --suite reports` runs it.

Sizes follow `--persons N`: the district has N persons (12 townships), the city 8 N
(65 townships) and the statistics export N rows, so `--persons 500000` is the issue's
run (500,000 / 4,000,000 / 500,000) and `--persons 5000` a quick check. Each scenario
runs in its own process; the ranking scenarios start 1 or 2 Celery worker processes on
the Redis broker of CELERY_BROKER_URL (scored in-process, and said so, without one).
"""

from importlib import import_module

from bench.registry import Suite, register_suite

# bench.reports.settings (the worker and server settings) sits in this package, so this
# module imports nothing of Django's models at import time.

PLAN = (
    ("ranking-district-1", False),
    ("ranking-district-2", False),
    ("ranking-city-1", False),
    ("ranking-city-2", False),
    ("dashboard", False),
    ("export-statistics-xlsx", False),
)


def _call(module: str, name: str, *args):
    return getattr(import_module(f"bench.reports.{module}"), name)(*args)


def prepare(workdir, options) -> tuple[dict[str, str], dict]:
    persons = options["persons"]
    sizes = {"district": persons, "city": 8 * persons, "export_rows": persons}
    written = import_module("bench.reports.data").build(**sizes)
    return {}, {**sizes, **written}


register_suite(
    Suite(
        name="reports",
        plan=PLAN,
        persons=500_000,
        scenarios={
            "ranking-district-1": lambda f: _call(
                "scenarios", "ranking", "district", 1
            ),
            "ranking-district-2": lambda f: _call(
                "scenarios", "ranking", "district", 2
            ),
            "ranking-city-1": lambda f: _call("scenarios", "ranking", "city", 1),
            "ranking-city-2": lambda f: _call("scenarios", "ranking", "city", 2),
            "dashboard": lambda f: _call("scenarios", "dashboard"),
            "export-statistics-xlsx": lambda f: _call("scenarios", "export_statistics"),
        },
        prepare=prepare,
        reset=lambda: None,
        render=lambda **kw: _call("report", "render_suite", kw),
    )
)
