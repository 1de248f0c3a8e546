"""The register import pauses Python's garbage collector only for its own run."""

import gc

import pytest

from households.importing import import_register_rows
from households.models import Person
from tests.households.import_files import family

pytestmark = pytest.mark.django_db


def test_the_collector_runs_again_after_an_import(staff, village):
    assert gc.isenabled()

    result = import_register_rows(by=staff, rows=family(village, "00001", serial=1))

    assert result.committed
    assert gc.isenabled()


def test_the_collector_runs_again_after_an_import_that_failed(staff, village):
    def broken_file():
        yield from family(village, "00001", serial=1)
        raise OSError("the upload was cut off")

    with pytest.raises(OSError, match="cut off"):
        import_register_rows(by=staff, rows=broken_file())

    assert gc.isenabled()
    assert not Person.objects.exists()
