"""Errors the incentive services raise besides ValidationError."""


class StateError(Exception):
    """The row is no longer in the state the action needs (someone else acted first).

    Pages and the API answer it with 409 Conflict and `message`.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
