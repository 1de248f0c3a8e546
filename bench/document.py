"""docs/benchmarks.md as one section per suite, so that running one suite rewrites only
its own section and keeps the others as they were measured."""

import re

TITLE = (
    "# Benchmarks\n\n"
    "Written by `make bench` (`python -m bench`), one section per app's suite. Each section "
    "ends with when, how and on what load it was measured; `python -m bench --suite NAME` "
    "rewrites that section only. The machine and software are listed in the register's "
    "section."
)
_START = "<!-- bench suite: {name} -->"
_SECTION = re.compile(
    r"<!-- bench suite: (?P<name>[\w-]+) -->\n(?P<body>.*?)\n<!-- end bench suite -->",
    re.DOTALL,
)


def sections_of(text: str) -> dict[str, str]:
    """The sections a previous run wrote, by suite name (none in a file without marks)."""
    return {match["name"]: match["body"] for match in _SECTION.finditer(text)}


def merge(previous: str, fresh: dict[str, str], order: list[str]) -> str:
    """The document with `fresh` sections replacing their earlier versions, in `order`."""
    sections = {**sections_of(previous), **fresh}
    names = [name for name in order if name in sections]
    names += sorted(set(sections) - set(names))
    parts = [TITLE]
    parts += [
        f"{_START.format(name=name)}\n{sections[name].strip()}\n<!-- end bench suite -->"
        for name in names
    ]
    return "\n\n".join(parts) + "\n"
