"""Content Security Policy on every URL, the other browser-security headers, and templates
that need no inline script or style to work under the policy."""

import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.conftest import ENGLISH, BureauClient

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?\w+>")


def _routes(patterns, prefix=""):
    """Every route written with path() (re_path routes of the admin are skipped)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if isinstance(pattern.pattern, RoutePattern) or str(pattern.pattern) == "":
                yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and isinstance(
            pattern.pattern, RoutePattern
        ):
            yield prefix + str(pattern.pattern)


def _concrete(route: str) -> str:
    return "/" + CONVERTER.sub(
        lambda m: SAMPLES.get(m.group("kind") or "str", "x"), route
    )


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {parts[0]: parts[1:] for parts in directives}


def _check_policy(url: str, response) -> None:
    policy = _policy(response)
    assert policy, f"{url} ({response.status_code}) has no Content-Security-Policy"
    assert policy["object-src"] == ["'none'"], url
    assert policy["base-uri"] == ["'none'"], url
    assert policy["frame-ancestors"] == ["'none'"], url
    for directive in ("default-src", "script-src", "style-src"):
        assert policy[directive] == ["'self'"], (url, directive)


@pytest.fixture
def urls() -> list[str]:
    routes = sorted(set(_routes(get_resolver().url_patterns)))
    assert len(routes) > 20
    return [_concrete(route) for route in routes]


def test_every_url_answers_with_the_content_security_policy(urls, administrator):
    anonymous = BureauClient(headers=ENGLISH, raise_request_exception=False)
    admin = BureauClient(headers=ENGLISH, raise_request_exception=False)
    admin.force_login(administrator)

    for url in urls:
        _check_policy(url, anonymous.get(url))
        _check_policy(url, admin.get(url))


def test_the_login_page_carries_the_other_browser_security_headers(client):
    response = client.get("/login/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


INLINE = {
    "an inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "a <style> element": re.compile(r"<style\b", re.I),
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "an event-handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "a javascript: address": re.compile(r"javascript:", re.I),
}
# JSON data islands are not executed, so the policy does not apply to them.
DATA_ISLAND = re.compile(r"<script[^>]*type=[\"']application/json[\"']", re.I)


def test_no_template_needs_an_inline_script_or_style():
    offending = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = DATA_ISLAND.sub("", template.read_text(encoding="utf-8"))
        for what, pattern in INLINE.items():
            if pattern.search(text):
                offending.append(f"{template.relative_to(TEMPLATES)}: {what}")

    assert not offending, offending


def test_htmx_injects_no_indicator_styles():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")

    assert '"includeIndicatorStyles": false' in base


def test_the_test_settings_keep_every_security_control_on():
    """Tests run with the production controls, not a relaxed copy (T-CFG-04)."""
    for middleware in (
        "csp.middleware.CSPMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "bureau.security.middleware.SecurityGateMiddleware",
        "axes.middleware.AxesMiddleware",
    ):
        assert middleware in settings.MIDDLEWARE
    assert {"chief", "auditor", "admin"} <= set(settings.OTP_REQUIRED_ROLES)
    validators = {
        v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS
    }
    assert {
        "CharacterClassesValidator",
        "PasswordHistoryValidator",
        "CommonPasswordValidator",
    } <= validators
