"""Rows in a given township for the scope probe (tests/test_architecture.py).

Each app registers, in `tests/<app>/scope.py`, one factory per model that a URL
takes the key of:

    @scope_factory("households.Household")
    def household(*, village, user):
        return HouseholdFactory.create(village=village)

`village` is a village of the township the row must belong to, `user` a township
staff member serving it (for rows that belong to a user, like an import job). The
probe builds each row twice (the user's township and another one) and checks that
the other township's row answers exactly like a key that does not exist.
"""

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

Factory = Callable[..., Any]
FACTORIES: dict[str, Factory] = {}


def scope_factory(label: str) -> Callable[[Factory], Factory]:
    """Register the factory of `label` ("app_label.Model") for the scope probe."""

    def register(factory: Factory) -> Factory:
        FACTORIES[label] = factory
        return factory

    return register


def discover() -> dict[str, Factory]:
    """Import every tests/<app>/scope.py and return the registered factories."""
    root = Path(__file__).parent
    for module in pkgutil.iter_modules([str(root)]):
        if module.ispkg and (root / module.name / "scope.py").exists():
            importlib.import_module(f"tests.{module.name}.scope")
    return FACTORIES
