"""Error pages of the API: JSON under /api/, like every other API answer."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found


def not_found(request, exception=None):
    """handler404: `{"detail": ...}` for an API address no route matches, else the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)
