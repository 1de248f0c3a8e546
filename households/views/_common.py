"""A helper only the register's pages need (the generic ones are in bureau.views_base)."""

from django.contrib import messages


def warn_about_id(request, record) -> None:
    """Show the ID-number warnings (unknown region…) a service attached to `record`."""
    for warning in getattr(record, "id_warnings", ()) or ():
        messages.warning(request, warning)
