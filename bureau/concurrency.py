"""Optimistic concurrency shared by every app: versioned rows and the stale-edit error.

A versioned model has an integer `version` that every service write increments. A
page or API client sends back the version it loaded; the service locks the row and
compares:

    with transaction.atomic():
        current = lock_version(Household, pk=household.pk, expected_version=version)
        ...
        current.version += 1

A mismatch raises ConflictError carrying the row as it is now, so the page can show
both sides and the API can answer 412 with the current record.
"""

from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext

M = TypeVar("M", bound=models.Model)


class ConflictError(Exception):
    """The record changed since the user loaded it; nothing was written.

    `current` is the record as it is now, so the page or API can show it.
    """

    def __init__(self, current: Any, message: str = "") -> None:
        super().__init__(
            message
            or gettext("This record was changed by someone else; nothing was saved.")
        )
        self.current = current


def lock_version(model: type[M], *, pk: Any, expected_version: int) -> M:
    """The row `pk` of `model`, locked for this transaction (SELECT … FOR UPDATE).

    Raises ConflictError when its version is not `expected_version`. Call inside
    transaction.atomic(); the lock holds until the transaction ends.
    """
    current = model._default_manager.select_for_update().get(pk=pk)
    if current.version != expected_version:  # type: ignore[attr-defined]
        raise ConflictError(current=current)
    return current
