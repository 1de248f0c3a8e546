"""Template context every page needs: the navigation for the user's role."""

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from bureau import selectors


def navigation(request):
    """Menu entries the user's role permits, from every app's AppConfig.navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    entries = []
    for config in apps.get_app_configs():
        for label, url_name, permission in getattr(config, "navigation", ()):
            if permission and not user.has_perm(permission):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            entries.append(
                {
                    "label": label,
                    "url": url,
                    "active": request.path.startswith(url) and url != "/",
                }
            )
    return {
        "nav_entries": entries,
        "unread_notifications": selectors.unread_notification_count(user),
    }
