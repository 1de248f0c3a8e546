"""Embedded PostgreSQL for machines without a database server.

When DATABASE_URL is unset, settings ask this module for a connection to a
PostgreSQL server (pgserver) whose data lives in a folder of the checkout.
The server keeps running while any process uses it and stops after the last.
"""

from pathlib import Path
from urllib.parse import parse_qs, urlparse


def embedded_database(*, data_dir: Path, name: str) -> dict[str, str]:
    """Start (or join) the embedded server in `data_dir` and return Django's DB dict."""
    import pgserver  # imported lazily: production never loads it

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    # `name` comes from settings, never from a user.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")  # noqa: S608
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')
    uri = urlparse(server.get_uri())
    host = parse_qs(uri.query)["host"][0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": uri.username or "postgres",
        "PASSWORD": "",
        "HOST": host,
        "PORT": "",
    }
