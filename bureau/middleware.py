"""Request-wide guards: language, audit context, refusal of control characters, headers."""

import json
import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext

from bureau.audit import audit_context

# C0 controls and DEL. Tab and line feed are ordinary text in a form field or JSON
# string; a carriage return only as part of CR LF (what browsers send for a newline).
# A query string (filters, search) or a path is one line: no control at all.
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f]")
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "usb=(), serial=(), bluetooth=(), hid=()"
)
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Chinese unless the user chose English with the language switch (its cookie).

    A browser's Accept-Language is ignored: bureau PCs often run an English Windows or
    browser, and a clerk should not meet an English page they never asked for. An API
    client, which sets the header on purpose, may still ask for English with it. The
    API's schema and docs pages are read in a browser: they follow the chosen language
    (or `?lang=en`), like every page.
    """

    def process_request(self, request):
        if request.path.startswith("/api/v1/"):
            language = translation.get_language_from_request(request)
        else:
            language = _chosen_language(request) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def _chosen_language(request) -> str | None:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen and chosen in dict(settings.LANGUAGES):
        return chosen
    return None


class AuditContextMiddleware:
    """Every database change made while serving a request carries its user and path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        with audit_context(user=user_id, url=request.path, method=request.method):
            return self.get_response(request)


def _shown(name: str) -> str:
    """A field name as the message may quote it: its control characters escaped."""
    return _CONTROL_IN_LINE.sub(lambda m: f"\\x{ord(m.group()):02x}", name)[:100]


def _json_strings(value, path: str = ""):
    """(where, text) for every key and string in a parsed JSON document."""
    if isinstance(value, str):
        yield path or "body", value
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            yield where, str(key)
            yield from _json_strings(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_strings(item, f"{path}[{index}]")


def _offending_field(request) -> str | None:
    """The first path, parameter or field holding a control character, or None."""
    if _CONTROL_IN_LINE.search(request.path):
        return gettext("the address")
    for key, values in request.GET.lists():
        if _CONTROL_IN_LINE.search(key) or any(
            _CONTROL_IN_LINE.search(v) for v in values
        ):
            return key
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    content_type = request.content_type or ""
    if content_type in _FORM_TYPES:
        for key, values in request.POST.lists():
            if _CONTROL_IN_LINE.search(key) or any(
                _CONTROL_IN_TEXT.search(v) for v in values
            ):
                return key
        for key, files in request.FILES.lists():
            if any(_CONTROL_IN_LINE.search(f.name or "") for f in files):
                return key
    elif content_type == "application/json" or content_type.endswith("+json"):
        try:
            document = json.loads(request.body or b"null")
        except ValueError:
            return None  # the view's parser answers a malformed body with its own 400
        for where, text in _json_strings(document):
            if _CONTROL_IN_TEXT.search(text):
                return where
    return None


class InputGuardMiddleware:
    """Refuse (400) any request with NUL or another control character in its input.

    One rule for every filter, search, form and JSON body, so no view, filter or
    serializer can forget it (PostgreSQL refuses NUL in text and answered 500).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = _offending_field(request)
        if field is None:
            return self.get_response(request)
        message = gettext(
            "%(field)s contains a control character (such as NUL); remove it "
            "and try again."
        ) % {"field": _shown(field)}
        if request.path.startswith("/api/") or "json" in request.headers.get(
            "Accept", ""
        ):
            response = JsonResponse({"detail": message}, status=400)
        else:
            response = HttpResponse(
                message, status=400, content_type="text/plain; charset=utf-8"
            )
        return _with_headers(response)


def _with_headers(response):
    response["Cache-Control"] = "no-store"
    response.headers.setdefault(
        "Permissions-Policy",
        getattr(settings, "PERMISSIONS_POLICY", PERMISSIONS_POLICY),
    )
    return response


class PrivateResponseMiddleware:
    """`Cache-Control: no-store` and a Permissions-Policy on every dynamic response.

    Static files are answered by whitenoise before this runs; everything else
    may show personal data to a logged-in user (or an API token), so no browser,
    proxy or back-button cache keeps any of it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return _with_headers(self.get_response(request))
