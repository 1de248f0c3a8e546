"""Demo benefits: the catalogue, applications at every step and two paid months.

`build_benefits()` is the `seed_demo` hook of this app (after the register's), safe to
run twice: it does nothing once the demo batches exist. Without a demo register
(seed_demo --persons N) it loads only the catalogue.
"""

from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bureau.audit import audit_context
from bureau.demo import DEMO_PASSWORD, DemoHook, register_demo_hook
from bureau.models import Township, User
from bureau.roles import Role
from households.models import Person
from incentives import services
from incentives.catalogue import load_catalogue
from incentives.models import Application, PayoutBatch
from incentives.periods import Month

APPLICANTS = 14
CARD_PREFIX = "622202"


def _user(username: str, name: str, role: str, township: Township | None) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": name, "role": role}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    if township is not None:
        user.townships.add(township)
    return user


@contextmanager
def _step_up(user: User):
    """Codes for the demo's past approvals, which ask for a current authenticator code.

    A chief without an authenticator gets a throwaway one, removed afterwards, so that
    they set up their own at their first login.
    """
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    throwaway = device is None
    if throwaway:
        device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)

    def code() -> str:
        device.refresh_from_db()
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        # A code is accepted once: after one of this step, the next step's (tolerated).
        totp.time += max(device.last_t + 1 - totp.t(), 0) * device.step
        return f"{totp.token():0{device.digits}d}"

    try:
        yield code
    finally:
        if throwaway:
            device.delete()


def _card(serial: int) -> str:
    return f"{CARD_PREFIX}{serial:013d}"


def build_benefits(**options) -> list[str]:
    """Load the catalogue; with a register, walk applications through the chain and pay
    two months of the rural reward in batches made and checked by different users."""
    schemes = load_catalogue()
    scheme = schemes["rural-reward"]
    if PayoutBatch.objects.filter(scheme=scheme).exists():
        return ["Benefits: demo data already present."]
    township = Township.objects.order_by("code").first()
    if township is None:
        return ["Benefits: catalogue loaded (no district yet)."]
    old = list(
        Person.objects.filter(
            household__village__township=township,
            is_alive=True,
            birth_date__lte=timezone.localdate().replace(
                year=timezone.localdate().year - 60
            ),
        ).order_by("pk")[:APPLICANTS]
    )
    if len(old) < 6:
        return [
            "Benefits: catalogue loaded (run seed_demo --persons N for applications)."
        ]
    clerk = _user("benefits-clerk", "赵文", Role.STAFF, township)
    village_reviewer = _user("benefits-village", "孙丽", Role.STAFF, township)
    township_reviewer = _user("benefits-township", "周强", Role.STAFF, township)
    finance = _user("benefits-finance", "钱敏", Role.CHIEF, None)
    chief = (
        User.objects.filter(role=Role.CHIEF)
        .exclude(pk=finance.pk)
        .order_by("pk")
        .first()
    )
    chief = chief or _user("benefits-checker", "吴刚", Role.CHIEF, None)
    today = timezone.localdate()
    start = Month.from_index(Month.of(today).index - 3)
    with transaction.atomic(), audit_context(task="seed_demo"):
        for index, person in enumerate(old):
            application = services.submit_application(
                by=clerk, scheme=scheme, person=person, year=start.year
            )
            if index >= len(old) - 2:
                continue  # two wait for the village review
            for code in scheme.required_conditions:
                services.confirm_condition(
                    by=village_reviewer,
                    application=application,
                    code=code,
                    answer=True,
                    evidence="户口簿、村委会证明",
                )
            services.approve_application(by=village_reviewer, application=application)
            services.approve_application(by=township_reviewer, application=application)
            services.approve_application(by=chief, application=application)
            if index >= len(old) - 4:
                services.publish_notice(by=chief, application=application, today=today)
                continue  # two are on public notice now
            services.publish_notice(
                by=chief, application=application, today=start.start
            )
            services.confirm_application(
                by=chief,
                application=application,
                today=start.start + timedelta(days=10),
            )
            services.record_bank_account(
                by=clerk,
                person=person,
                scheme=scheme,
                number=_card(person.pk),
                bank_name="农村商业银行",
                branch="青山支行",
                holder_name=person.name,
            )
        for offset in (2, 1):
            month = Month.from_index(Month.of(today).index - offset)
            batch = services.create_batch(
                by=finance, scheme=scheme, period=f"{month.year}-{month.month:02d}"
            )
            services.freeze_batch(by=finance, batch=batch)
            with _step_up(chief) as code:
                services.approve_batch(by=chief, batch=batch, otp_code=code())
            services.export_bank_file(by=finance, batch=batch)
            rows = [
                (
                    number,
                    {
                        "line": str(line.pk),
                        "amount": str(line.amount),
                        "result": "成功",
                    },
                )
                for number, line in enumerate(batch.lines.order_by("pk"), start=2)
            ]
            services.apply_bank_result(by=finance, batch=batch, rows=rows)
            services.reconcile_batch(by=finance, batch=batch)
            services.close_batch(by=finance, batch=batch)
    confirmed = Application.objects.filter(scheme=scheme, status="confirmed").count()
    return [
        f"Benefits: {len(schemes)} schemes, {len(old)} applications ({confirmed} confirmed), "
        "two paid months; users benefits-clerk, benefits-village, benefits-township, "
        "benefits-finance."
    ]


register_demo_hook(DemoHook("incentives", build_benefits, order=200))
