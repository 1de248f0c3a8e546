"""Chromium through Playwright, driven against pytest-django's live_server.

Tests here are marked `e2e` and need `django_db(transaction=True)`: the live
server answers from another thread, so it must see committed rows.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls in
# the test bodies stay plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000


# Module scope: Playwright's sync API allows one running instance per thread, and a
# module may bring its own browser fixture.
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: apt-get install chromium to run browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def page_as(browser, live_server):
    """page_as(user) opens a page logged in as `user` (second factor passed), in English."""
    from tests.conftest import BureauClient

    contexts = []

    def open_page(user):
        client = BureauClient()
        client.force_login(user)
        context = browser.new_context(
            locale="en-US", extra_http_headers={"Accept-Language": "en"}
        )
        contexts.append(context)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                },
                {"name": "django_language", "value": "en", "url": live_server.url},
            ]
        )
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        return page

    yield open_page
    for context in contexts:
        context.close()
