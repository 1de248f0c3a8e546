"""A 两非 case in Chromium: a lead registered, verified and filed by two officers, a
decision with a fine recorded, and the fine counted on the statistics page."""

import pytest
from django.utils import timezone

from bureau.roles import Role
from casework.models import Case, Penalty
from tests.bureau.factories import UserFactory, VillageFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("holidays"),
]
# Read at each use: a run that passes midnight must not date its records yesterday.
today = timezone.localdate


def _move(page, to: str, status: str) -> None:
    page.click(f"[data-testid=move-{to}]")
    page.wait_for_selector(f"[data-testid=case-status]:has-text('{status}')")


def test_a_lead_filed_decided_with_a_fine_and_counted(page_as, live_server):
    village = VillageFactory.create(name="城东村")
    officer = UserFactory.create(
        role=Role.STAFF, townships=[village.township], full_name="周执法"
    )
    colleague = UserFactory.create(
        role=Role.STAFF, townships=[village.township], full_name="吴执法"
    )
    page = page_as(officer)

    page.goto(f"{live_server.url}/cases/")
    page.click("[data-testid=case-register]")
    page.select_option("#id_kind", "liangfei")
    page.fill("#id_title", "举报城东某诊所鉴定胎儿性别")
    page.select_option("#id_source", "hotline")
    page.select_option("#id_handlers", [str(officer.pk), str(colleague.pk)])
    page.fill("#id_reporter", "举报人 13800000000")
    page.click("[data-testid=case-save]")
    page.wait_for_selector("[data-testid=case-status]")
    case = Case.objects.get()
    assert case.number in page.locator("h1").inner_text()
    assert "Lead received" in page.locator("[data-testid=case-status]").inner_text()
    assert "13800000000" not in page.content()

    _move(page, "lead_verification", "Verification")
    _move(page, "filed", "Filed")
    _move(page, "investigating", "Investigating")
    _move(page, "pre_decision_notice", "Pre-decision notice")

    page.click("[data-testid=party-form] summary")
    page.select_option("#id_new_kind", "individual_practitioner")
    page.fill("#id_new_name", "城东某诊所")
    page.click("[data-testid=party-form] button")
    page.wait_for_selector("[data-testid=parties]:has-text('城东某诊所')")

    form = page.locator("[data-testid=decision-form]")
    form.locator("#id_decided_on").fill(today().isoformat())
    form.locator("#id_hearing_waived").check()
    form.locator("#id_warning").check()
    form.locator("#id_fine").fill("20000")
    page.click("[data-testid=decision-save]")
    page.wait_for_selector("[data-testid=case-status]:has-text('Decided')")
    assert "20000.00" in page.locator("[data-testid=penalties]").inner_text()
    fine = Penalty.objects.get(decision__case=case, type=Penalty.Type.FINE)
    assert str(fine.amount) == "20000.00"

    page.click("[data-testid=casework-nav] >> text=Case statistics")
    page.wait_for_selector("[data-testid=statistics-table]")
    assert page.locator("[data-key=fines] td.num").inner_text() == "1"
    assert page.locator("[data-key=fines_yuan] td.num").inner_text() == "20,000.00"
    assert page.locator("[data-key=filed] td.num").inner_text() == "1"
    page.wait_for_selector("[data-chart-drawn] svg")
    assert page.locator("[data-testid=chart]").count() == 2
