"""Where a bulk run spends its time: named steps, timed only while someone records.

A bulk path (an import's dry run or commit) marks its steps with `timed(name)`, or
`timed_rows(name, rows)` for the time spent producing an iterator's items. Outside
`recording()` both cost one context-variable read; inside, each step's wall time is
added to the recording's Counter. `make bench` records its import runs this way and
reports each step (docs/benchmarks.md). A worker thread records into the same
Counter when it is started with `in_this_context(function)`.
"""

import contextvars
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

_recording: contextvars.ContextVar[Counter | None] = contextvars.ContextVar(
    "bureau_step_timings", default=None
)


@contextmanager
def recording() -> Iterator[Counter]:
    """Record every timed step of the code run inside: {step name: seconds}."""
    timings: Counter = Counter()
    token = _recording.set(timings)
    try:
        yield timings
    finally:
        _recording.reset(token)


@contextmanager
def timed(step: str) -> Iterator[None]:
    """Add the wall time of the block to `step` while a recording is on."""
    timings = _recording.get()
    if timings is None:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[step] += time.perf_counter() - started


def timed_rows(step: str, rows: Iterable) -> Iterator:
    """`rows`, with the time spent producing each item added to `step`."""
    timings = _recording.get()
    if timings is None:
        yield from rows
        return
    iterator = iter(rows)
    clock = time.perf_counter
    while True:
        started = clock()
        try:
            item = next(iterator)
        except StopIteration:
            timings[step] += clock() - started
            return
        timings[step] += clock() - started
        yield item


def in_this_context(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, to be run in another thread with this thread's recording."""
    context = contextvars.copy_context()

    def run(*args: Any, **kwargs: Any) -> Any:
        return context.copy().run(function, *args, **kwargs)

    return run
