"""Helpers of the check-up pages (the generic ones are in bureau.views_base)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from bureau.concurrency import ConflictError
from checkups import selectors


def run_service(request, call):
    """Call a service; show its refusal as a message. The result, or None when refused."""
    try:
        return call() or True
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except ConflictError:
        messages.error(
            request,
            _(
                "Someone else changed this record while you were looking at it. "
                "Nothing was saved; look at it again and repeat."
            ),
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Your role may not do this."))
    return None


def health_details(user, township) -> bool:
    """May `user` read findings, services and medicine of records in `township`?"""
    return selectors.sees_health_details(user, township)


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
