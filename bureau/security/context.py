"""The request being served, for the signal handlers that record access events.

Django's login, logout and model signals do not all carry the request; the middleware
sets it here for the duration of each request. Outside a request (management commands,
migrations, the test client's force_login) there is none, and no access event is written:
the change triggers still record every change to users in the audit trail.
"""

from contextvars import ContextVar

from django.http import HttpRequest

_current_request: ContextVar[HttpRequest | None] = ContextVar(
    "bureau_current_request", default=None
)


def current_request() -> HttpRequest | None:
    """The request this thread is serving, or None."""
    return _current_request.get()


def acting_user(request: HttpRequest | None = None):
    """The logged-in user of `request` (default: the current one), or None."""
    request = request if request is not None else current_request()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def serving(request: HttpRequest):
    """Set `request` as the current one; returns the token for `finish`."""
    return _current_request.set(request)


def finish(token) -> None:
    _current_request.reset(token)
