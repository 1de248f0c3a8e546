"""A password alone is not enough: the gate every request of a logged-in user passes.

Installed after django-otp's OTPMiddleware. For a user whose role needs a second factor (or
who set one up though the role needs none) and whose session has not passed it, every page
except the second-factor pages, logout and the language switch redirects to them, and every
API call made with that session answers 403. (An API token is issued only from a verified
session, see `services.issue_api_token`.)
A session ends SESSION_MAX_HOURS after its login however active it is (the idle limit is
SESSION_COOKIE_AGE). Then, for a password an administrator chose, the password change page
is the only way on.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from bureau.security import context
from bureau.security.policy import second_factor_required
from bureau.security.services import (
    LOGGED_IN_AT,
    PASSWORD_CHANGE_REQUIRED,
    SECOND_FACTOR_CHOSEN,
    has_authenticator,
)

ALWAYS_OPEN = {"login", "logout", "set_language", "healthz"}
SECOND_FACTOR_PAGES = {"security:verify", "security:enrol"}
PASSWORD_PAGES = {"security:password-change"}
API_PREFIX = "/api/"


class SecurityGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = context.serving(request)
        try:
            return self.get_response(request)
        finally:
            context.finish(token)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        logged_in_at = request.session.get(LOGGED_IN_AT)
        if (
            logged_in_at
            and time.time() - logged_in_at > settings.SESSION_MAX_HOURS * 3600
        ):
            logout(request)
            return self._refuse(
                request, "login", _("Your session has ended. Please log in again.")
            )
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in ALWAYS_OPEN:
            return None
        needs_code = second_factor_required(user) or request.session.get(
            SECOND_FACTOR_CHOSEN
        )
        if needs_code and not user.is_verified():
            if name in SECOND_FACTOR_PAGES:
                return None
            return self._refuse(
                request,
                "security:verify" if has_authenticator(user) else "security:enrol",
                _("Confirm your login with your second factor first."),
            )
        if request.session.get(PASSWORD_CHANGE_REQUIRED) and name not in PASSWORD_PAGES:
            return self._refuse(
                request,
                "security:password-change",
                _("Choose a new password first: an administrator set the current one."),
            )
        return None

    @staticmethod
    def _refuse(request: HttpRequest, url_name: str, message: str):
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"detail": message}, status=403)
        url = reverse(url_name)
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return redirect(url)
