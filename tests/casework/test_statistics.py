"""Statistics and directive indicators on a small dataset counted by hand.

Township A (`village`), the third quarter of 2026:
  lead 1  hotline 5 Jul, verified 6 Jul, filed 10 Jul, decided 10 Aug: warning, fine 20,000,
          illegal income 2,280 confiscated; 2 ultrasound machines, 1 other device and
          66 boxes of drugs seized; party 康宁诊所, already penalised in March (repeat)
  lead 2  letter 13 Jul, verified 13 Jul (due 22 Jul), closed no basis 25 Jul (late)
  lead 3  inspection 1 Aug, filed 3 Aug, referred to police 20 Aug
  lead 4  hotline 1 Jun (outside), filed 5 Jun, still investigating: open past 90 days
  petition 1  registered 1 Jul, accepted 10 Jul (due 16 Jul), opinion 20 Aug (due 8 Sep),
              closed 25 Aug, satisfied
  petition 2  registered 10 Aug, accepted 30 Aug (due 25 Aug: late), opinion pending
  target 14 cases for 2026
Township B (`other_village`): lead online 10 Sep referred out 15 Sep; a misconduct case
referred to the discipline commission on 1 Sep.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from bureau.indicators import Measure, Period, all_indicators
from casework import services
from casework.statistics import case_statistics, leads_by_source, period_figures
from casework.workflow import Status
from tests.bureau.factories import VillageFactory
from tests.casework.factories import PATH_TO_NOTICE, decide, handler_of, walk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("holidays")]

D = dt.date
Q3 = (D(2026, 7, 1), D(2026, 10, 1))


def _lead(staff, township, source, day, **values):
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    colleague = handler_of(township)
    return services.register_lead(
        by=staff,
        township=township,
        source=source,
        title="线索",
        received_at=moment,
        handlers=[staff, colleague],
        **values,
    )


def _steps(case, staff, *steps):
    for to, day, *note in steps:
        case = services.move_case(
            by=staff, case=case, to=to, on=day, note=note[0] if note else ""
        )
    return case


def _township_a(village, staff, chief):
    town = village.township
    clinic = services.create_provider(
        by=staff, township=town, kind="individual_practitioner", name="康宁诊所"
    )
    before = _lead(staff, town, "visit", D(2026, 2, 2))
    before = walk(before, PATH_TO_NOTICE, by=staff, on=D(2026, 2, 3))
    services.add_party(by=staff, case=before, provider=clinic)
    decide(before, by=staff, fine="10000", on=D(2026, 3, 10))

    one = _lead(staff, town, "hotline", D(2026, 7, 5))
    one = _steps(
        one,
        staff,
        (Status.LEAD_VERIFICATION, D(2026, 7, 6)),
        (Status.FILED, D(2026, 7, 10)),
        (Status.INVESTIGATING, D(2026, 7, 11)),
    )
    for kind, what, count in (
        ("ultrasound", "便携式B超机", 2),
        ("equipment", "染色体检测仪", 1),
        ("drugs", "米非司酮片", 66),
    ):
        services.register_seized_item(
            by=staff,
            case=one,
            type=kind,
            description=what,
            quantity=count,
            seized_on=D(2026, 7, 12),
        )
    one = _steps(one, staff, (Status.PRE_DECISION_NOTICE, D(2026, 8, 1)))
    services.add_party(by=staff, case=one, provider=clinic)
    decide(
        one,
        by=staff,
        on=D(2026, 8, 10),
        penalties=[
            {"type": "warning"},
            {"type": "fine", "amount": "20000"},
            {"type": "confiscated_income", "amount": "2280"},
        ],
    )

    two = _lead(staff, town, "letter", D(2026, 7, 13))
    _steps(
        two,
        staff,
        (Status.LEAD_VERIFICATION, D(2026, 7, 13)),
        (Status.CLOSED_NO_BASIS, D(2026, 7, 25), "线索不实"),
    )
    three = _lead(staff, town, "inspection", D(2026, 8, 1))
    _steps(
        three,
        staff,
        (Status.LEAD_VERIFICATION, D(2026, 8, 1)),
        (Status.FILED, D(2026, 8, 3)),
        (Status.INVESTIGATING, D(2026, 8, 3)),
        (Status.REFERRED_POLICE, D(2026, 8, 20), "涉嫌犯罪"),
    )
    four = _lead(staff, town, "hotline", D(2026, 6, 1))
    _steps(
        four,
        staff,
        (Status.LEAD_VERIFICATION, D(2026, 6, 2)),
        (Status.FILED, D(2026, 6, 5)),
        (Status.INVESTIGATING, D(2026, 6, 6)),
    )
    _petitions(village, staff)
    services.set_target(by=chief, township=town, year=2026, cases=14)


def _petitions(village, staff):
    first = services.open_case(
        by=staff,
        kind="petition",
        township=village.township,
        title="信访一",
        handlers=[staff],
        opened_on=D(2026, 7, 1),
    )
    _steps(
        first,
        staff,
        (Status.ACCEPTANCE_NOTIFIED, D(2026, 7, 10)),
        (Status.HANDLING, D(2026, 7, 11)),
    )
    services.move_case(
        by=staff,
        case=first,
        to=Status.OPINION_ISSUED,
        outcome="support",
        on=D(2026, 8, 20),
    )
    services.move_case(
        by=staff,
        case=first,
        to=Status.CLOSED,
        note="已答复",
        close_reason="resolved",
        satisfaction="satisfied",
        on=D(2026, 8, 25),
    )
    second = services.open_case(
        by=staff,
        kind="petition",
        township=village.township,
        title="信访二",
        handlers=[staff],
        opened_on=D(2026, 8, 10),
    )
    _steps(second, staff, (Status.ACCEPTANCE_NOTIFIED, D(2026, 8, 30)))


def _township_b(other_village):
    town = other_village.township
    officer = handler_of(town)
    lead = _lead(officer, town, "online", D(2026, 9, 10))
    _steps(
        lead,
        officer,
        (Status.LEAD_VERIFICATION, D(2026, 9, 11)),
        (Status.REFERRED_OUT, D(2026, 9, 15), "移送市场监管"),
    )
    misconduct = services.open_case(
        by=officer,
        kind="misconduct",
        township=town,
        title="虚报数据",
        handlers=[officer],
        opened_on=D(2026, 7, 1),
    )
    _steps(
        misconduct,
        officer,
        (Status.INQUIRY, D(2026, 7, 2)),
        (Status.FINDING, D(2026, 8, 1)),
        (Status.DISCIPLINE_REFERRAL, D(2026, 9, 1)),
    )


@pytest.fixture
def dataset(village, other_village, staff, chief):
    _township_a(village, staff, chief)
    _township_b(other_village)
    return village.township, other_village.township


A_COUNTS = {
    "leads_hotline": 1,
    "leads_letter": 1,
    "leads_inspection": 1,
    "leads_online": 0,
    "leads": 3,
    "closed_no_basis": 1,
    "filed": 2,
    "closed": 0,
    "referred_police": 1,
    "referred_out": 0,
    "open_past_90": 1,
    "penalty_warning": 1,
    "penalty_fine": 1,
    "penalty_confiscated_income": 1,
    "penalty_licence_revoked": 0,
    "fines": 1,
    "fines_yuan": Decimal("20000.00"),
    "confiscated_yuan": Decimal("2280.00"),
    "ultrasound_seized": 2,
    "equipment_seized": 3,
    "drugs_seized": 66,
    "criminal_referrals": 1,
    "discipline_referrals": 0,
    "repeat_offenders": 1,
}


def _rates(figures):
    return {key: (m.numerator, m.denominator) for key, m in figures.rates.items()}


def test_the_quarter_of_each_township_and_the_district(dataset, chief):
    a, b = dataset
    stats = case_statistics(chief, start=Q3[0], end=Q3[1])
    rows = {township.code: figures for township, figures in stats.rows}

    assert {key: rows[a.code].counts[key] for key in A_COUNTS} == A_COUNTS
    assert _rates(rows[a.code]) == {
        "petitions_accepted_on_time": (1, 2),
        "petitions_concluded_on_time": (1, 1),
        "petition_satisfaction": (1, 1),
    }
    b_counts = {key: value for key, value in rows[b.code].counts.items() if value}
    assert b_counts == {
        "leads_online": 1,
        "leads": 1,
        "referred_out": 1,
        "discipline_referrals": 1,
    }
    assert stats.total.counts["leads"] == 4
    assert stats.total.counts["fines_yuan"] == Decimal("20000.00")
    assert stats.total.rates["petitions_accepted_on_time"].value == Decimal("0.5")


def test_township_staff_see_their_own_township_only(dataset, staff):
    a, _ = dataset
    stats = case_statistics(staff, start=Q3[0], end=Q3[1])
    assert [township.code for township, _ in stats.rows] == [a.code]
    assert stats.total.counts["leads"] == 3


def test_the_page_rows(dataset, chief):
    a, _ = dataset
    figures = {
        row[0]: row for row in period_figures(chief, start=Q3[0], end=Q3[1], township=a)
    }
    assert figures["fines_yuan"][2:] == (Decimal("20000.00"), "yuan")
    assert figures["petitions_accepted_on_time"][2:] == (Decimal("0.5"), "percent")
    sources = dict(leads_by_source(chief, start=Q3[0], end=Q3[1]))
    assert sum(sources.values()) == 4
    assert sources["Letter"] == 1


def test_another_period_counts_nothing_of_this_one(dataset, chief):
    stats = case_statistics(chief, start=D(2026, 10, 1), end=D(2026, 11, 1))
    assert stats.total.counts["leads"] == 0
    assert stats.total.counts["open_past_90"] == 1  # lead 4 is still open in October


def _indicator(code, month, townships):
    period = Period.month(2026, month)
    found = all_indicators()[code].compute([t.code for t in townships], period)
    return {code: (m.numerator, m.denominator) for code, m in found.items()}


def test_the_directive_indicators(dataset):
    a, b = dataset
    both = [a, b]
    assert _indicator("casework.leads_verified_on_time", 7, both) == {a.code: (1, 2)}
    assert _indicator("casework.cases_filed_against_target", 8, both) == {
        a.code: (4, 14)
    }
    assert _indicator("casework.petitions_accepted_on_time", 7, both) == {
        a.code: (1, 1)
    }
    assert _indicator("casework.petitions_accepted_on_time", 8, both) == {
        a.code: (0, 1)
    }
    assert _indicator("casework.petitions_concluded_on_time", 9, both) == {
        a.code: (1, 1)
    }
    assert _indicator("casework.petition_satisfaction", 8, both) == {a.code: (1, 1)}
    assert Measure(4, 14).value == Decimal(4) / Decimal(14)


def test_indicator_records_open_the_cases_counted(dataset):
    a, _ = dataset
    records = all_indicators()["casework.cases_filed_against_target"].records
    assert records(a.code, Period.month(2026, 8), None).count() == 4


def test_a_practitioner_recorded_twice_is_one_repeat_offender(village, staff, chief):
    doctors = [
        services.create_practitioner(
            by=staff,
            township=village.township,
            name="王医生",
            id_number="11010519491231002X",
        )
        for _ in range(2)
    ]
    for doctor, opened in zip(doctors, (D(2026, 3, 2), D(2026, 8, 3)), strict=True):
        case = _lead(staff, village.township, "visit", opened)
        case = walk(case, PATH_TO_NOTICE, by=staff, on=opened)
        services.add_party(by=staff, case=case, practitioner=doctor)
        decide(case, by=staff, on=opened + dt.timedelta(days=20))
    stats = case_statistics(chief, start=Q3[0], end=Q3[1])
    assert stats.total.counts["repeat_offenders"] == 1
    first_half = case_statistics(chief, start=D(2026, 1, 1), end=D(2026, 7, 1))
    assert first_half.total.counts["repeat_offenders"] == 0


def test_the_statistics_cost_the_same_queries_for_more_townships_and_cases(
    dataset, chief
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        case_statistics(chief, start=Q3[0], end=Q3[1])
    third = VillageFactory.create()
    officer = handler_of(third.township)
    for day in (D(2026, 7, 2), D(2026, 7, 3), D(2026, 8, 4)):
        _lead(officer, third.township, "letter", day)
    with CaptureQueriesContext(connection) as after:
        stats = case_statistics(chief, start=Q3[0], end=Q3[1])
    assert stats.total.counts["leads"] == 7
    assert len(after.captured_queries) == len(before.captured_queries)
