"""One benefit application through every review level and the public notice to a paid line."""

import pytest
from django.utils import timezone

from bureau.roles import Role
from incentives import services
from incentives.models import Application, PayoutLine
from tests.bureau.factories import UserFactory, VillageFactory
from tests.households.factories import PersonFactory
from tests.incentives.factories import monthly_scheme, step_up_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_application_goes_from_village_review_to_a_paid_line(
    page_as, live_server, tmp_path
):
    village = VillageFactory.create(name="幸福村")
    clerk, village_reviewer, township_reviewer = (
        UserFactory.create(role=Role.STAFF, townships=[village.township])
        for _ in range(3)
    )
    chief, finance = (
        UserFactory.create(role=Role.CHIEF),
        UserFactory.create(role=Role.CHIEF),
    )
    scheme = monthly_scheme(
        "80.00", code="rural", required_conditions=["rural_resident"], notice_days=7
    )
    person = PersonFactory.create(household__village=village, name="王秀兰")
    application = services.submit_application(
        by=clerk, scheme=scheme, person=person, year=2026
    )
    detail = f"{live_server.url}/benefits/{application.pk}/"

    page = page_as(village_reviewer)
    page.goto(detail)
    page.fill("input[name=evidence]", "户口簿第2页")
    page.get_by_test_id("condition-rural_resident").click()
    page.get_by_test_id("action-approve").click()
    assert page.get_by_test_id("application-status").inner_text() == "Village reviewed"

    page = page_as(township_reviewer)
    page.goto(detail)
    page.get_by_test_id("action-approve").click()
    assert page.get_by_test_id("application-status").inner_text() == "Township reviewed"

    page = page_as(chief)
    page.goto(detail)
    page.get_by_test_id("action-approve").click()
    page.get_by_test_id("action-publish").click()
    assert page.get_by_test_id("application-status").inner_text() == "In public notice"
    page.goto(f"{live_server.url}/benefits/notice/?scheme={scheme.pk}")
    notice = page.get_by_test_id("notice-table").inner_text()
    assert "王秀兰" in notice
    assert "计划生育奖励扶助" in notice
    # Seven days pass without an objection.
    Application.objects.filter(pk=application.pk).update(
        notice_ends_on=timezone.localdate()
    )
    page.goto(detail)
    page.get_by_test_id("action-confirm").click()
    assert page.get_by_test_id("application-status").inner_text() == "Confirmed"

    entitlement = Application.objects.get(pk=application.pk).entitlement
    page = page_as(clerk)
    page.goto(f"{live_server.url}/benefits/entitlements/{entitlement.pk}/")
    form = page.get_by_test_id("account-form")
    form.locator("input[name=number]").fill("6222020200112345678")
    form.locator("input[name=bank_name]").fill("农村商业银行")
    form.locator("button").click()
    assert "622202*********5678" in page.get_by_test_id("account-table").inner_text()

    period = f"{timezone.localdate():%Y-%m}"
    page = page_as(finance)
    page.goto(f"{live_server.url}/benefits/payouts/")
    create = page.get_by_test_id("batch-create")
    create.locator("select[name=scheme]").select_option(str(scheme.pk))
    create.locator("input[name=period]").fill(period)
    create.locator("button").click()
    page.get_by_test_id("batch-freeze").click()
    batch_url = page.url

    page = page_as(chief)
    page.goto(batch_url)
    page.get_by_test_id("batch-otp").fill(step_up_code(chief))
    page.get_by_test_id("batch-approve").click()
    assert page.get_by_test_id("batch-status").inner_text() == "Approved"

    page = page_as(finance)
    page.goto(batch_url)
    page.get_by_test_id("batch-export").click()
    assert "Ready" in page.get_by_test_id("bank-file-job-status").inner_text()
    line = PayoutLine.objects.get(person=person)
    result = tmp_path / "result.csv"
    result.write_bytes(f"序号,金额,结果\r\n{line.pk},80.00,成功\r\n".encode("gbk"))
    page.get_by_test_id("result-upload").locator("input[type=file]").set_input_files(
        result
    )
    page.get_by_test_id("result-upload").locator("button").click()
    page.get_by_test_id("batch-reconcile").click()

    assert page.get_by_test_id("batch-status").inner_text() == "Reconciled"
    assert "Paid" in page.get_by_test_id("line-table").inner_text()
