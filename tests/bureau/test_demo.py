from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from pghistory.models import Events

from bureau.demo import DEMO_PASSWORD, build_district
from bureau.models import Township, User, Village
from bureau.roles import Role
from households.models import Person

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "townships": Township.objects.count(),
        "villages": Village.objects.count(),
        "users": User.objects.count(),
        "audit events": Events.objects.count(),
    }


def test_seeding_twice_leaves_the_same_rows_and_no_new_audit_events():
    call_command("seed_demo", stdout=StringIO())
    first = _counts()

    call_command("seed_demo", stdout=StringIO())

    assert _counts() == first
    assert first["townships"] == 8
    assert 55 <= first["villages"] <= 65


def test_seed_demo_prints_a_summary_with_the_demo_password():
    output = StringIO()

    call_command("seed_demo", stdout=output)

    assert "8 townships" in output.getvalue()
    assert DEMO_PASSWORD in output.getvalue()


def test_every_demo_org_unit_has_a_valid_division_code_in_the_configured_district():
    build_district()

    for unit in [*Township.objects.all(), *Village.objects.all()]:
        unit.full_clean()
        assert unit.code.startswith(settings.BUREAU_DISTRICT_CODE)


def test_the_demo_district_mixes_streets_and_towns_communities_and_villages():
    build_district()

    kinds = set(Township.objects.values_list("kind", flat=True))
    urban_rural = set(Village.objects.values_list("urban_rural_code", flat=True))
    assert kinds == {Township.Kind.STREET, Township.Kind.TOWN}
    assert urban_rural == {"111", "220"}


@pytest.mark.parametrize(
    "username", ["admin", "chief", "auditor", "staff1", "staff2", "staff3"]
)
def test_every_demo_user_logs_in_with_the_documented_password(client, username):
    build_district()

    response = client.post(
        reverse("login"), {"username": username, "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_demo_staff_serve_their_documented_townships():
    build_district()
    first, second, third = Township.objects.order_by("code")[:3]

    assert list(User.objects.get(username="staff1").townships.all()) == [first]
    assert list(User.objects.get(username="staff2").townships.order_by("code")) == [
        second,
        third,
    ]


def test_a_correction_staff1_raises_is_approved_by_staff3_in_the_same_street():
    from households import services
    from households.models import Correction
    from tests.households.factories import PersonFactory

    build_district()
    staff1, staff3 = User.objects.filter(username__in=["staff1", "staff3"]).order_by(
        "username"
    )
    village = Village.objects.filter(township__name="文化路街道").first()
    person = PersonFactory.create(household__village=village, name="王小明")
    correction = services.raise_correction(
        by=staff1, person=person, changes={"name": "王晓明"}, reason="户口簿为晓"
    )

    assert not services.may_approve_correction(staff1, correction)
    services.approve_correction(by=staff3, correction=correction)

    correction.refresh_from_db()
    person.refresh_from_db()
    assert correction.status == Correction.Status.APPLIED
    assert person.name == "王晓明"


def test_seeding_restores_a_changed_demo_password_and_role():
    build_district()
    chief = User.objects.get(username="chief")
    chief.set_password("something-else-entirely")
    chief.role = Role.STAFF
    chief.save()

    build_district()

    chief.refresh_from_db()
    assert chief.check_password(DEMO_PASSWORD)
    assert chief.role == Role.CHIEF


def test_the_demo_administrator_is_staff_but_not_superuser():
    build_district()

    admin = User.objects.get(username="admin")
    assert admin.is_staff
    assert not admin.is_superuser
    assert admin.role == Role.ADMIN


def test_seeding_a_demo_register_twice_leaves_the_same_residents():
    call_command("seed_demo", "--persons", "30", stdout=StringIO())
    first = Person.objects.count()

    output = StringIO()
    call_command("seed_demo", "--persons", "30", stdout=output)

    assert Person.objects.count() == first == 30
    assert "Register: 0 new residents" in output.getvalue()
