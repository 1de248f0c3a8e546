"""Township staff see the cases of their own townships; bureau-wide roles see all."""

import pytest
from django.core.exceptions import PermissionDenied

from casework import services
from casework.models import Case
from casework.selectors import visible_case_events, visible_cases
from tests.casework.factories import open_case


@pytest.mark.django_db
def test_another_townships_case_is_invisible(
    village, other_village, staff, chief, auditor
):
    own = open_case(village=village, by=staff)
    other = open_case(village=other_village)

    assert list(visible_cases(staff)) == [own]
    assert not visible_cases(staff).filter(pk=other.pk).exists()
    assert not visible_case_events(staff).filter(case=other).exists()
    assert set(visible_cases(chief)) == {own, other}
    assert set(visible_cases(auditor)) == {own, other}


@pytest.mark.django_db
def test_staff_cannot_open_or_move_a_case_in_another_township(
    village, other_village, staff
):
    with pytest.raises(PermissionDenied):
        services.open_case(
            by=staff,
            kind=Case.Kind.PETITION,
            township=other_village.township,
            title="x",
        )
    other = open_case(village=other_village)
    with pytest.raises(PermissionDenied):
        services.move_case(by=staff, case=other, to=Case.Status.LEAD_VERIFICATION)


@pytest.mark.django_db
def test_an_auditor_opens_no_case(village, auditor):
    with pytest.raises(PermissionDenied):
        services.open_case(
            by=auditor, kind=Case.Kind.PETITION, township=village.township, title="x"
        )
