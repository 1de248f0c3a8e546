"""Figures the apps add to the dashboard, so the core's home page never imports an app.

An app lists its figures in `<app>/dashboard.py` (found on first use, like the demo hooks):

    register_figures("households", register_figures_for, order=10)

where `register_figures_for(user)` returns the Figures that user's role needs (an empty
list when the user may see none of them), read through the app's selectors. Each figure
links to the list it counts.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Figure:
    key: str  # stable name, also the page's data-testid
    label: str
    value: int | str
    url: str  # the list the figure counts
    note: str = ""
    waiting: bool = False  # work waiting for this user: shown highlighted

    @property
    def is_text(self) -> bool:
        return isinstance(self.value, str)


_sources: dict[str, tuple[int, Callable]] = {}
_discovered = False


def register_figures(name: str, figures: Callable, *, order: int = 100) -> None:
    """Show `figures(user)` on the dashboard (sources in `order`, then name)."""
    _sources[name] = (order, figures)


def figures_for(user) -> list[Figure]:
    """Every registered source's figures for `user`, in order."""
    global _discovered
    if not _discovered:
        autodiscover_modules("dashboard")
        _discovered = True
    ordered = sorted(_sources.items(), key=lambda item: (item[1][0], item[0]))
    return [figure for _name, (_order, source) in ordered for figure in source(user)]
