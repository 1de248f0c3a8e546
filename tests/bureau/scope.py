"""Core rows for the scope probe (see tests/scope.py)."""

from django.core.files.base import ContentFile

from bureau.imports import start_import
from tests.scope import scope_factory


@scope_factory("bureau.Township")
def township(*, village, user):
    return village.township


@scope_factory("bureau.Village")
def village_row(*, village, user):
    return village


@scope_factory("bureau.ImportJob")
def import_job(*, village, user):
    return start_import(
        by=user,
        kind="households.register",
        file=ContentFile(b"household_no\n"),
        filename="register.csv",
    )
