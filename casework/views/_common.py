"""Helpers of the case pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from bureau.views_base import add_service_errors, visible_or_404
from casework import selectors


def case_of(request, pk: int):
    """The case `pk` among those the user may see (404 otherwise)."""
    return visible_or_404(selectors.visible_cases, request.user, pk=pk)


def run_service(request, call, *, form=None) -> bool:
    """Call a service; show its refusal (on `form` when given). True when it succeeded."""
    try:
        call()
    except ValidationError as error:
        if form is not None:
            add_service_errors(form, error)
        else:
            for message in error.messages:
                messages.error(request, message)
        return False
    except PermissionDenied as error:
        message = str(error) or "403"
        if form is not None:
            form.add_error(None, message)
        else:
            messages.error(request, message)
        return False
    return True


def form_errors_as_messages(request, form) -> None:
    """Every error of an invalid form as a message naming its field."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
