import pytest

from incentives import services
from incentives.models import Application, IdempotentRequest, PayoutBatch
from tests.households.factories import PersonFactory
from tests.incentives.factories import entitled, monthly_scheme, step_up_code

BASE = "/api/v1/benefits"


@pytest.fixture
def scheme(db):
    return monthly_scheme("590.00")


@pytest.fixture
def applicant(village):
    return PersonFactory.create(household__village=village)


def test_staff_enter_and_review_an_application_through_the_api(
    api_as, clerk, staff, scheme, applicant
):
    created = api_as(clerk).post(
        f"{BASE}/applications/",
        {"scheme": scheme.pk, "person": applicant.pk, "year": 2026},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]

    approved = api_as(staff).post(
        f"{BASE}/applications/{pk}/approve/", {"comment": "材料齐全"}, format="json"
    )

    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "village_reviewed"
    assert [s["action"] for s in approved.json()["steps"]] == ["submit", "approve"]


def test_another_townships_application_answers_404(
    api_as, scheme, other_village, chief
):
    stranger = PersonFactory.create(household__village=other_village)
    from tests.bureau.factories import UserFactory

    their_staff = UserFactory.create(role="staff", townships=[other_village.township])
    application = services.submit_application(
        by=their_staff, scheme=scheme, person=stranger, year=2026
    )
    ours = UserFactory.create(role="staff")
    ours.townships.add(PersonFactory.create().household.village.township)

    assert api_as(ours).get(f"{BASE}/applications/{application.pk}/").status_code == 404
    assert (
        api_as(ours).post(f"{BASE}/applications/{application.pk}/approve/").status_code
        == 404
    )
    assert (
        api_as(chief).get(f"{BASE}/applications/{application.pk}/").status_code == 200
    )


def test_a_person_of_another_township_cannot_be_entered(api, scheme, other_village):
    stranger = PersonFactory.create(household__village=other_village)

    response = api.post(
        f"{BASE}/applications/",
        {"scheme": scheme.pk, "person": stranger.pk, "year": 2026},
        format="json",
    )

    assert response.status_code == 400
    assert "person" in response.json()


def test_the_same_user_approving_a_second_level_gets_403(
    api, staff, clerk, scheme, applicant
):
    application = services.submit_application(
        by=clerk, scheme=scheme, person=applicant, year=2026
    )
    services.approve_application(by=staff, application=application)

    response = api.post(f"{BASE}/applications/{application.pk}/approve/")

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.VILLAGE_REVIEWED


def test_a_stale_version_answers_409(api, clerk, scheme, applicant):
    application = services.submit_application(
        by=clerk, scheme=scheme, person=applicant, year=2026
    )

    response = api.post(
        f"{BASE}/applications/{application.pk}/approve/", {"version": 0}, format="json"
    )

    assert response.status_code == 409


def test_an_idempotency_key_replays_the_first_response(
    api_as, chief, checker, scheme, village, staff
):
    for _ in range(2):
        entitled(scheme, village=village, by=staff)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=batch)
    client = api_as(checker)
    url = f"{BASE}/batches/{batch.pk}/approve/"

    body = {"otp_code": step_up_code(checker)}

    responses = [
        client.post(url, body, format="json", headers={"Idempotency-Key": "k-1"})
        for _ in range(10)
    ]

    assert {r.status_code for r in responses} == {200}
    assert len({r.content for r in responses}) == 1
    assert responses[-1]["Idempotent-Replayed"] == "true"
    assert IdempotentRequest.objects.count() == 1
    other = client.post(
        f"{BASE}/batches/{batch.pk}/freeze/", headers={"Idempotency-Key": "k-1"}
    )
    assert other.status_code == 422
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.APPROVED


def test_a_second_approval_without_a_key_answers_409(
    api_as, chief, checker, scheme, village, staff
):
    entitled(scheme, village=village, by=staff)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    services.freeze_batch(by=chief, batch=batch)
    url = f"{BASE}/batches/{batch.pk}/approve/"

    code = {"otp_code": step_up_code(checker)}

    assert api_as(checker).post(url, code, format="json").status_code == 200
    assert api_as(checker).post(url, code, format="json").status_code == 409


def test_lines_show_masked_accounts_and_only_the_users_townships(
    api, api_as, chief, scheme, village, staff, other_village
):
    entitled(scheme, village=village, by=staff)
    from tests.bureau.factories import UserFactory

    theirs = UserFactory.create(role="staff", townships=[other_village.township])
    entitled(scheme, village=other_village, by=theirs)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")

    lines = api.get(f"{BASE}/lines/", {"batch": batch.pk}).json()["results"]

    assert len(lines) == 1
    assert "******" in lines[0]["account"]
    assert (
        api_as(chief)
        .get(f"{BASE}/lines/", {"batch": batch.pk})
        .json()["results"]
        .__len__()
        == 2
    )


def test_auditors_read_but_cannot_act(api_as, auditor, chief, scheme, village, staff):
    entitled(scheme, village=village, by=staff)
    batch = services.create_batch(by=chief, scheme=scheme, period="2026-03")
    client = api_as(auditor)

    assert client.get(f"{BASE}/batches/{batch.pk}/").status_code == 200
    assert client.post(f"{BASE}/batches/{batch.pk}/freeze/").status_code == 403


def test_candidates_come_with_their_reason(api, village):
    from tests.incentives.factories import SchemeFactory

    scheme = SchemeFactory.create(kind="rural_reward", parameters={"min_age": 60})
    import datetime

    PersonFactory.create(
        household__village=village, birth_date=datetime.date(1950, 1, 1)
    )

    body = api.get(f"{BASE}/schemes/candidates/", {"scheme": scheme.pk}).json()

    assert len(body) == 1
    assert body[0]["reason"]
