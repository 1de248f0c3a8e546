"""Errors the register's services raise besides ValidationError."""

from django.utils.translation import gettext


class ConflictError(Exception):
    """The record changed since the user loaded it; nothing was written.

    `current` is the record as it is now, so the page or API can show it.
    """

    def __init__(self, current, message: str = ""):
        super().__init__(
            message
            or gettext("This record was changed by someone else; nothing was saved.")
        )
        self.current = current
