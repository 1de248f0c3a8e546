"""Demo casework: a year of 两非 leads and cases, petitions and a few misconduct cases.

`build_cases()` is the `seed_demo` hook of this app (after the district's). Every case is
opened and moved through the services on dates over the last year, so its timeline, clocks
and ledger are what a year of work leaves. Safe to run twice: once demo cases exist it does
nothing. All names and codes are fictional.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from bureau.audit import audit_context
from bureau.demo import DEMO_PASSWORD, DemoHook, register_demo_hook
from bureau.models import Township, User
from bureau.roles import Role
from casework import services
from casework.models import Case, Lead, Penalty, Provider, SeizedItem
from casework.workflow import Kind, Status

TITLE_MARK = "（演示）"
OFFICERS = [("执法", "甲"), ("执法", "乙")]
PROVIDERS = [
    (Provider.Kind.INDIVIDUAL_PRACTITIONER, "康宁诊所"),
    (Provider.Kind.UNLICENSED_SITE, "无证B超点"),
    (Provider.Kind.INTERMEDIARY, "中介人员"),
    (Provider.Kind.ONLINE_SELLER, "网店“好孕来”"),
    (Provider.Kind.LICENSED_INSTITUTION, "仁和医院"),
]
SOURCES = list(Lead.Source.values)
PETITION_TITLES = [
    "反映奖励扶助金未按时发放",
    "咨询育儿补贴申领条件",
    "投诉工作人员态度",
]


def _user(username: str, name: str, township: Township) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": name, "role": Role.STAFF}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.townships.add(township)
    return user


class _Story:
    """Moves one case along dated steps, stopping at today."""

    def __init__(self, case: Case, by: User, today: dt.date) -> None:
        self.case, self.by, self.today = case, by, today

    def move(self, to: str, on: dt.date, **values) -> bool:
        if on > self.today:
            return False
        self.case = services.move_case(
            by=self.by, case=self.case, to=to, on=on, **values
        )
        return True


def _provider(
    by: User, township: Township, rng: random.Random, serial: int
) -> Provider:
    kind, name = rng.choice(PROVIDERS)
    return services.create_provider(
        by=by,
        township=township,
        kind=kind,
        name=f"{township.name}{name}{serial}",
        address=f"{township.name}演示路{serial}号",
    )


def _sanction(story: _Story, chief: User, rng: random.Random, start: dt.date) -> None:
    case, by, today = story.case, story.by, story.today
    if start + dt.timedelta(days=10) <= today and rng.random() < 0.5:
        services.register_seized_item(
            by=by,
            case=case,
            type=SeizedItem.Type.ULTRASOUND,
            description="便携式B超机",
            quantity=1,
            seal_number=f"FT{case.pk:05d}",
            storage="局证据保管室",
            seized_on=start + dt.timedelta(days=10),
        )
    if not story.move(Status.PRE_DECISION_NOTICE, start + dt.timedelta(days=40)):
        return
    decided_on = start + dt.timedelta(days=50)
    if decided_on > today:
        return
    fine = rng.choice([10000, 15000, 20000, 30000])
    penalties = [
        {"type": Penalty.Type.WARNING},
        {"type": Penalty.Type.FINE, "amount": fine},
    ]
    if rng.random() < 0.3:
        penalties.append({"type": Penalty.Type.CONFISCATED_INCOME, "amount": 800})
    services.record_decision(
        by=by,
        case=case,
        outcome="penalty",
        decided_on=decided_on,
        penalties=penalties,
        document_number=f"卫罚〔{decided_on.year}〕{case.serial}号",
        hearing_waived=True,  # the party signed that it waives a hearing
    )
    served_on = decided_on + dt.timedelta(days=3)
    if served_on > today:
        return
    services.record_service(by=by, case=case, served_on=served_on)
    story.case.refresh_from_db()
    paid_on = served_on + dt.timedelta(days=rng.choice([5, 10, 20]))
    if paid_on > today:
        return
    story.move(Status.EXECUTING, paid_on)
    for penalty in Penalty.objects.filter(
        decision__case=case, type__in=Penalty.PAID_TYPES
    ):
        owed = services.penalty_account(penalty, on=paid_on).outstanding
        services.record_payment(by=by, penalty=penalty, paid_on=paid_on, amount=owed)
    closed = story.move(
        Status.CLOSED, paid_on + dt.timedelta(days=7), note="执行完毕，结案归档"
    )
    if closed and case.has_sealed_reporter:
        services.record_reward(
            by=by,
            case=story.case,
            amount=500,
            paid_on=paid_on + dt.timedelta(days=7),
            approved_by=chief,
        )


def _lead(township, officers, chief, rng, serial, today) -> None:
    received = today - dt.timedelta(days=rng.randint(5, 360))
    source = rng.choice(SOURCES)
    case = services.register_lead(
        by=officers[0],
        township=township,
        source=source,
        title=f"{TITLE_MARK}举报非医学需要胎儿性别鉴定线索{serial}",
        received_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9, 30))),
        reporter="匿名举报人 13800000000" if source == Lead.Source.HOTLINE else "",
        handlers=officers,
    )
    story = _Story(case, officers[0], today)
    if not story.move(Status.LEAD_VERIFICATION, received + dt.timedelta(days=1)):
        return
    fate = rng.random()
    checked = received + dt.timedelta(days=rng.choice([4, 6, 12]))
    if fate < 0.55:
        story.move(Status.CLOSED_NO_BASIS, checked, note="经核查，线索不实")
        return
    if fate < 0.65:
        story.move(Status.REFERRED_OUT, checked, note="移送市场监管部门")
        return
    if not story.move(Status.FILED, checked):
        return
    provider = _provider(officers[0], township, rng, serial)
    services.add_party(by=officers[0], case=story.case, provider=provider)
    if not story.move(Status.INVESTIGATING, checked + dt.timedelta(days=2)):
        return
    if fate > 0.95:
        story.move(
            Status.REFERRED_POLICE,
            checked + dt.timedelta(days=20),
            note="涉嫌非法行医罪，移送公安",
        )
        return
    _sanction(story, chief, rng, checked)


def _petition(township, officers, chief, rng, serial, today) -> None:
    opened = today - dt.timedelta(days=rng.randint(5, 360))
    case = services.open_case(
        by=officers[1],
        kind=Kind.PETITION,
        township=township,
        title=f"{TITLE_MARK}{rng.choice(PETITION_TITLES)}",
        reporter="信访人 13900000000",
        handlers=officers,
        opened_on=opened,
    )
    story = _Story(case, officers[1], today)
    if not story.move(
        Status.ACCEPTANCE_NOTIFIED, opened + dt.timedelta(days=rng.choice([3, 10, 18]))
    ):
        return
    if not story.move(Status.HANDLING, opened + dt.timedelta(days=20)):
        return
    opinion = opened + dt.timedelta(days=rng.choice([35, 55, 75]))
    if not story.move(
        Status.OPINION_ISSUED, opinion, outcome=rng.choice(["support", "explain"])
    ):
        return
    story.move(
        Status.CLOSED,
        opinion + dt.timedelta(days=5),
        note="已答复信访人",
        close_reason="explained",
        satisfaction=rng.choice(
            ["satisfied", "satisfied", "basically", "dissatisfied"]
        ),
    )


def _misconduct(township, officers, today) -> None:
    case = services.open_case(
        by=officers[0],
        kind=Kind.MISCONDUCT,
        township=township,
        title=f"{TITLE_MARK}反映村级计生专干虚报数据",
        handlers=officers,
        opened_on=today - dt.timedelta(days=120),
    )
    story = _Story(case, officers[0], today)
    story.move(Status.INQUIRY, today - dt.timedelta(days=110))
    story.move(Status.FINDING, today - dt.timedelta(days=80))
    story.move(
        Status.INTERNAL_MEASURE,
        today - dt.timedelta(days=70),
        note="批评教育，书面检查",
    )


def build_cases(**options) -> list[str]:
    """Leads, cases, petitions and targets of the last year in every demo township."""
    if Case.objects.filter(title__startswith=TITLE_MARK).exists():
        return ["Casework: demo cases already present."]
    townships = list(Township.objects.order_by("code"))
    chief = User.objects.filter(role=Role.CHIEF, is_active=True).order_by("pk").first()
    if not townships or chief is None:
        return ["Casework: no district or chief yet, no demo cases."]
    rng = random.Random(options.get("seed") or 2026)
    today = timezone.localdate()
    with transaction.atomic(), audit_context(task="seed_demo"):
        for index, township in enumerate(townships):
            officers = [
                _user(
                    f"cases-{township.code[-3:]}-{n}",
                    f"{township.name[:2]}{a}{b}",
                    township,
                )
                for n, (a, b) in enumerate(OFFICERS, start=1)
            ]
            services.set_target(
                by=chief,
                township=township,
                year=today.year,
                cases=rng.choice([1, 2, 2, 3]),
                set_by_body="市卫生健康委员会",
            )
            for serial in range(rng.randint(9, 14)):
                _lead(township, officers, chief, rng, index * 100 + serial + 1, today)
            for serial in range(rng.randint(2, 5)):
                _petition(township, officers, chief, rng, serial, today)
            if index % 2 == 0:
                _misconduct(township, officers, today)
    made = Case.objects.filter(title__startswith=TITLE_MARK)
    return [
        f"Casework: {made.filter(kind=Kind.LIANGFEI).count()} leads and 两非 cases, "
        f"{made.filter(kind=Kind.PETITION).count()} petitions, "
        f"{made.filter(kind=Kind.MISCONDUCT).count()} misconduct cases over the last year; "
        "officers cases-<township>-1 and -2."
    ]


register_demo_hook(DemoHook("casework", build_cases, order=150))
