"""Step timings of the bulk paths: recorded while asked for, and only then."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bureau import steps
from households.importing import import_register_rows
from tests.households.import_files import family


def _work(seconds: float, step: str = "sleep") -> None:
    with steps.timed(step):
        time.sleep(seconds)


def test_a_recording_adds_up_each_steps_time():
    with steps.recording() as timings:
        _work(0.02)
        _work(0.02)

    assert timings["sleep"] >= 0.04
    assert set(timings) == {"sleep"}


def test_nothing_is_recorded_outside_a_recording():
    with steps.recording() as timings:
        pass
    _work(0.01)

    assert timings == {}


def test_the_time_spent_producing_rows_is_its_own_step():
    def slow_rows():
        for number in range(3):
            time.sleep(0.01)
            yield number

    with steps.recording() as timings:
        assert list(steps.timed_rows("read", slow_rows())) == [0, 1, 2]

    assert timings["read"] >= 0.03


def test_a_worker_thread_started_in_the_recording_records_into_it():
    with steps.recording() as timings, ThreadPoolExecutor(1) as worker:
        worker.submit(steps.in_this_context(_work), 0.02).result()
        worker.submit(_work, 0.02, "outside").result()  # not started with it

    assert timings["sleep"] >= 0.02
    assert "outside" not in timings


@pytest.mark.django_db
def test_an_import_commit_reports_its_steps(staff, village):
    with steps.recording() as timings:
        result = import_register_rows(by=staff, rows=family(village, "00001", serial=1))

    assert result.committed
    for step in (
        "read the file",
        "check each row",
        "insert persons",
        "derive names and encrypt (worker thread)",
    ):
        assert timings[step] > 0, step
