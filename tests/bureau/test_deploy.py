"""The real settings, configured from a production-like environment."""

import base64
import os
import secrets
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db

PRODUCTION_HOST = "bureau.example.gov.cn"


def _database_url() -> str:
    """The test database as a DATABASE_URL (a socket directory goes in the path)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "postgres")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    if str(db["HOST"]).startswith("/"):
        return f"postgres://{user}{password}@/{quote(db['HOST'] + '/' + db['NAME'], safe='')}"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{db['HOST']}{port}/{db['NAME']}"


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def production_environment(**overrides: str) -> dict[str, str]:
    """The variables production sets, and nothing from the development defaults."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(
            ("DJANGO_", "FIELD_", "DATABASE_", "CELERY_", "SESSION_")
        )
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "bureau.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(45)[:60],
        "DJANGO_ALLOWED_HOSTS": PRODUCTION_HOST,
        "FIELD_ENCRYPTION_KEY": _key(),
        "FIELD_HASH_KEY": _key(),
        "DATABASE_URL": _database_url(),
        **overrides,
    }


def _manage(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deployment_checklist_passes_with_a_production_environment():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--database",
        "default",
        env=production_environment(),
    )

    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_checklist_fails_when_debug_is_left_on():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_environment(DJANGO_DEBUG="true"),
    )

    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_session_idle_minutes_sets_how_long_an_idle_session_lasts():
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)",
        env=production_environment(SESSION_IDLE_MINUTES="7"),
    )

    assert result.stdout.strip() == "420", result.stderr


def test_connections_close_after_each_request_unless_reuse_is_configured():
    show = (
        "from django.db import connection as c; s = c.settings_dict; "
        "print(s['CONN_MAX_AGE'], s['DISABLE_SERVER_SIDE_CURSORS'])"
    )

    default = _manage("shell", "--no-imports", "-c", show, env=production_environment())
    pooled = _manage(
        "shell", "--no-imports", "-c", show,
        env=production_environment(
            DATABASE_CONN_MAX_AGE="60", DATABASE_BEHIND_PGBOUNCER="true"
        ),
    )  # fmt: skip

    assert default.stdout.strip() == "0 False", default.stderr
    assert pooled.stdout.strip() == "60 True", pooled.stderr


def test_the_readme_leads_an_api_client_to_the_page_that_issues_its_token(staff):
    from django.test import Client

    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    browser = Client()
    browser.force_login(staff)

    page = browser.get("/account/").content.decode()

    assert "opens the account page\n  `/account/`" in readme
    assert "*签发新的API令牌*" in readme
    assert "签发新的API令牌" in page
    assert "Authorization: Token <key>" in readme
