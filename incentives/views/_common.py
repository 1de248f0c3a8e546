"""Helpers of the benefit pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from bureau.views_base import paginate as paginate
from incentives.services import StateError


def run_service(request, call) -> bool:
    """Call a service; show its refusal as a message. True when it succeeded."""
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    except StateError as exc:
        messages.error(request, exc.message)
        return False
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "403")
        return False
    return True


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
