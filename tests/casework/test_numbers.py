"""Case numbers: per kind and year, gapless, unique under concurrent creation."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from casework.models import Case, CaseEvent
from tests.bureau.factories import TownshipFactory
from tests.casework.factories import handler_of, open_case


@pytest.mark.django_db
def test_numbers_count_per_kind_and_year(village):
    first = open_case(village=village)
    second = open_case(village=village)
    petition = open_case(village=village, kind=Case.Kind.PETITION, title="信访件")
    next_year = open_case(village=village, opened_on=dt.date(2027, 1, 4))

    assert first.number == "2026-两非-0001"
    assert second.number == "2026-两非-0002"
    assert petition.number == "2026-信访-0001"
    assert next_year.number == "2027-两非-0001"
    assert first.status == Case.Status.LEAD_RECEIVED
    assert petition.status == Case.Status.REGISTERED
    assert [e.type for e in first.timeline.all()] == [CaseEvent.Type.OPENED]


@pytest.mark.django_db
def test_a_failed_creation_gives_its_number_back(village):
    open_case(village=village)
    stranger = handler_of(TownshipFactory.create())
    with pytest.raises(ValidationError, match="does not serve"):
        open_case(village=village, handlers=[stranger])

    assert open_case(village=village).number == "2026-两非-0002"
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_a_case_needs_a_title(village):
    with pytest.raises(ValidationError, match="title"):
        open_case(village=village, title="  ")
    assert not Case.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_creations_get_twenty_different_gapless_numbers(village):
    by = handler_of(village.township)
    count = 20
    start = threading.Barrier(count)
    numbers, errors = [], []

    def create():
        try:
            start.wait()
            numbers.append(open_case(village=village, by=by, handlers=[by]).number)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == [f"2026-两非-{n:04d}" for n in range(1, count + 1)]
