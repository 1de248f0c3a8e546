"""The published OpenAPI schema tells the truth: schemathesis `--checks all` passes.

Schemathesis' CLI fuzzes every operation of the schema the server publishes
against a live server (a thread of this test process) with a token of township
staff, a few examples per operation so the run stays well under two minutes.
A household without a head, a person and another township's household are in
the register, so answers with rows are checked against the schema too.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token

from tests.households.factories import HouseholdFactory, PersonFactory

MAX_EXAMPLES = 5
# The coverage phase (every boundary of every parameter) takes minutes here; run
# it with SCHEMA_FUZZ_PHASES=examples,coverage,fuzzing,stateful.
PHASES = os.environ.get("SCHEMA_FUZZ_PHASES", "examples,fuzzing")
TIME_LIMIT = 100
# The token is schemathesis' own auth (so its ignored-auth check can drop it).
# A schema-valid request may still break a rule no schema can state (a village
# of the user's townships, an ID number's check digit): 400 is then the answer,
# and a well-formed If-Match naming another version gets 412.
CONFIG = """
[cache]
enabled = false

[auth.openapi.tokenAuth]
api_key = "Token {token}"

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "412", "429"]
"""


def schemathesis() -> str:
    found = shutil.which("st") or str(Path(sys.executable).with_name("st"))
    if not Path(found).exists():
        pytest.skip("schemathesis is not installed (pip install -e '.[dev]')")
    return found


@pytest.fixture
def register(village, other_village):
    HouseholdFactory.create(village=village, head=None)
    PersonFactory.create(household=HouseholdFactory.create(village=village))
    HouseholdFactory.create(village=other_village)


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_nothing_the_schema_does_not_say(
    live_server, staff, register, tmp_path
):
    token = Token.objects.create(user=staff)
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema, default=str))
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.format(token=token.key))

    result = subprocess.run(  # noqa: S603 (a fixed command line)
        [
            schemathesis(),
            "--config-file",
            str(config),
            "run",
            str(path),
            "--url",
            live_server.url,
            "--checks",
            "all",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            "20261202",
            "--request-timeout",
            "20",
            "--no-color",
            "--generation-database",
            "none",
            "--phases",
            PHASES,
        ],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        cwd=tmp_path,  # schemathesis keeps its cache in the working directory
        check=False,
    )

    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
