"""ScopedMixin: a class-based page reads its rows through its selector on every request."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.urls import include, path
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from bureau.views_base import ScopedMixin
from households import selectors
from households.models import Household
from tests.conftest import BureauClient
from tests.households.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


class _HouseholdNumber(ScopedMixin, SingleObjectMixin, View):
    """Shows a household's number; a POST 'saves' (needs the change permission)."""

    selector = staticmethod(selectors.visible_households)
    permission_required = "households.view_household"
    write_permission = "households.change_household"

    def get(self, request, pk):
        return HttpResponse(self.get_object().number)

    def post(self, request, pk):
        return HttpResponse(f"saved {self.get_object().number}")


class _NoWritePermission(_HouseholdNumber):
    write_permission = None


class _EveryHousehold(_HouseholdNumber):
    selector = staticmethod(lambda user: Household.objects.all())


class _NoSelector(_HouseholdNumber):
    selector = None


urlpatterns = [
    path("households/<int:pk>/", _HouseholdNumber.as_view(), name="household"),
    path("unwritable/<int:pk>/", _NoWritePermission.as_view()),
    path("everything/<int:pk>/", _EveryHousehold.as_view(), name="everything"),
    path("unscoped/<int:pk>/", _NoSelector.as_view()),
    path(
        "", include("bureau.urls")
    ),  # the product's routes (its error pages link home)
]


@pytest.fixture(autouse=True)
def _these_routes(settings):
    settings.ROOT_URLCONF = __name__


@pytest.fixture
def households(village, other_village):
    return (
        HouseholdFactory.create(village=village, number="0101"),
        HouseholdFactory.create(village=other_village, number="0909"),
    )


def _as(user) -> BureauClient:
    browser = BureauClient()
    browser.force_login(user)
    return browser


def test_staff_open_their_townships_row_and_get_404_for_another(staff, households):
    own, other = households

    assert _as(staff).get(f"/households/{own.pk}/").content == b"0101"
    assert _as(staff).get(f"/households/{other.pk}/").status_code == 404
    assert _as(staff).get("/households/2000000000/").status_code == 404


def test_staff_write_through_it_and_an_auditor_is_refused(staff, auditor, households):
    own, _other = households

    assert _as(staff).post(f"/households/{own.pk}/").content == b"saved 0101"
    assert _as(auditor).get(f"/households/{own.pk}/").content == b"0101"
    assert _as(auditor).post(f"/households/{own.pk}/").status_code == 403


def test_a_writing_view_must_name_its_write_permission(staff, households):
    own, _other = households

    with pytest.raises(ImproperlyConfigured, match="write_permission"):
        _as(staff).post(f"/unwritable/{own.pk}/")


def test_a_view_without_a_selector_refuses_to_serve(staff, households):
    own, _other = households

    with pytest.raises(ImproperlyConfigured, match="selector"):
        _as(staff).get(f"/unscoped/{own.pk}/")


def test_the_scope_probe_passes_the_scoped_view_and_reports_the_leaking_one(
    staff, village, other_village
):
    from tests.test_architecture import Probe

    probe = Probe(staff=staff, village=village, other_village=other_village)

    assert probe.leaks("household", "pk", "int", "tests") == []
    assert probe.leaks("everything", "pk", "int", "tests") == [
        "everything: another township's households.Household answers 200, "
        "a missing key 404"
    ]
