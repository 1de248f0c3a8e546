"""Benchmark suites by name; apps register theirs in `bench/<app label>/__init__.py`."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from django.apps import apps

Result = dict[str, Any]


@dataclass(frozen=True)
class Suite:
    """One app's scenarios and how to set them up and report them.

    `plan` lists (scenario, needs a fresh register) in running order; each scenario
    runs in a child process (`scenarios[name](files) -> result`) so its peak memory is
    its own. `prepare(workdir, options)` writes the input files once and returns
    (files for the scenarios, facts for the report); `reset()` empties the app's
    tables before a scenario that needs it; `notes(name, result)` adds a note;
    `render(results=, meta=, elapsed=)` writes the Markdown report.
    `persons` is the size the app's issue asks for; `--persons N` overrides it.
    """

    name: str
    plan: Sequence[tuple[str, bool]]
    scenarios: Mapping[str, Callable[[dict[str, str]], Result]]
    prepare: Callable[[Path, dict[str, Any]], tuple[dict[str, str], dict[str, Any]]]
    reset: Callable[[], None]
    render: Callable[..., str]
    # The register size the suite is measured at unless `--persons` says otherwise.
    persons: int = 100_000
    setup: Callable[[], None] = lambda: None
    notes: Callable[[str, Result], str] = field(default=lambda name, result: "")


_suites: dict[str, Suite] = {}


def register_suite(suite: Suite) -> Suite:
    _suites[suite.name] = suite
    return suite


def ordered(names) -> list[str]:
    """The register's suite first (its section describes the machine), then by name."""
    return sorted(names, key=lambda name: (name != "households", name))


def discover() -> dict[str, Suite]:
    """Import bench/<app label> for every installed app that has one."""
    for config in apps.get_app_configs():
        module = f"bench.{config.label}"
        if find_spec(module) is not None:
            import_module(module)
    return dict(_suites)
