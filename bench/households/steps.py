"""Where the register import spends its time: each step of the dry run and the commit.

The import marks its steps with bureau.steps; the bench records them in the same run
that it times (bench/households/variants.py, ours_import), so the steps add up to the
measured seconds but for "not in a step" (setting up the run, sorting its report, the
COMMIT and its deferred checks). The worker thread derives the new persons' columns
while PostgreSQL inserts, so its step overlaps the others and is left out of the sum.
"""

from typing import Any

RUNS = (
    ("ours-dry-xlsx", "dry run XLSX"),
    ("ours-commit-xlsx", "commit XLSX"),
    ("ours-reimport-xlsx", "re-import XLSX"),
)
ORDER = (
    "open the file, find its header",
    "read the file",
    "check each row",
    "look up the register",
    "match and stage",
    "copy to the stage",
    "number the new persons",
    "check for conflicts",
    "insert households",
    "wait for the derived columns",
    "insert persons",
    "update persons and households",
)
OVERLAPPING = "derive names and encrypt (worker thread)"
OUTSIDE = "not in a step"


def _cell(seconds: float | None, total: float) -> str:
    if seconds is None:
        return "—"
    share = f" ({seconds / total:.0%})" if total else ""
    return f"{seconds:.2f} s{share}"


def render_steps(results: dict[str, dict[str, Any]]) -> list[str]:
    """A Markdown table: one line per step, one column per measured import run."""
    runs = [
        (key, title) for key, title in RUNS if (results.get(key) or {}).get("steps")
    ]
    if not runs:
        return []
    names = [
        step for step in ORDER if any(step in results[k]["steps"] for k, _ in runs)
    ]
    names += sorted(
        {step for key, _ in runs for step in results[key]["steps"]}
        - set(ORDER)
        - {OVERLAPPING}
    )
    lines = [
        "### Where the import's time goes",
        "",
        "Each step of the same runs as the table above, timed inside them "
        "(`bureau.steps`); the share is of the run's measured seconds.",
        "",
        "| step | " + " | ".join(title for _key, title in runs) + " |",
        "| --- |" + " ---: |" * len(runs),
    ]
    for step in [*names, OUTSIDE, OVERLAPPING]:
        cells = []
        for key, _title in runs:
            result = results[key]
            timings, total = result["steps"], result["seconds"]
            if step == OUTSIDE:
                inside = sum(v for name, v in timings.items() if name != OVERLAPPING)
                cells.append(_cell(max(total - inside, 0.0), total))
            else:
                cells.append(_cell(timings.get(step), total))
        if any(cell != "—" for cell in cells):
            lines.append(f"| {step} | " + " | ".join(cells) + " |")
    return lines
