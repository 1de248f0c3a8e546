"""The error every table reader raises; its message is for the user."""


class TableError(ValueError):
    """The uploaded table cannot be read; `message` is user-facing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
