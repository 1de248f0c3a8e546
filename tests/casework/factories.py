"""Cases opened through the casework services, as township staff would."""

import datetime as dt

from django.utils import timezone

from bureau.roles import Role
from casework import services
from casework.models import Case
from tests.bureau.factories import UserFactory


def handler_of(township, **values):
    return UserFactory.create(role=Role.STAFF, townships=[township], **values)


def open_case(
    *,
    village,
    by=None,
    kind=Case.Kind.LIANGFEI,
    handlers=None,
    opened_on=dt.date(2026, 9, 1),
    title="线索：某诊所非医学需要胎儿性别鉴定",
    **values,
) -> Case:
    township = village.township
    by = by or handler_of(township)
    if handlers is None:
        handlers = [by, handler_of(township)]
    return services.open_case(
        by=by,
        kind=kind,
        township=township,
        title=title,
        handlers=handlers,
        opened_on=opened_on,
        **values,
    )


def provider_in(township, *, by, name="某诊所", **values):
    return services.create_provider(
        by=by,
        township=township,
        kind=values.pop("kind", "individual_practitioner"),
        name=name,
        **values,
    )


def decide(case, *, by, fine="10000", on=None, **values) -> Case:
    """Name a provider as the party and record a decision with a warning and a fine.

    The party waived a hearing unless `hearing_waived=False` is given.
    """
    values.setdefault("hearing_waived", True)
    if not case.parties.exists():
        services.add_party(by=by, case=case, provider=provider_in(case.township, by=by))
    penalties = values.pop(
        "penalties", [{"type": "warning"}, {"type": "fine", "amount": fine}]
    )
    services.record_decision(
        by=by,
        case=case,
        outcome=values.pop("outcome", "penalty"),
        decided_on=on or timezone.localdate(),
        penalties=penalties,
        **values,
    )
    case.refresh_from_db()
    return case


PATH_TO_NOTICE = (
    Case.Status.LEAD_VERIFICATION,
    Case.Status.FILED,
    Case.Status.INVESTIGATING,
    Case.Status.PRE_DECISION_NOTICE,
)


def walk(case, states, *, by, on=None) -> Case:
    for state in states:
        case = services.move_case(by=by, case=case, to=state, on=on)
    return case


def served_case(*, village, by, fine="10000", on=None) -> Case:
    """A 两非 case with two handlers, decided with a warning and a fine, and served."""
    case = open_case(village=village, by=by, opened_on=on or dt.date(2026, 9, 1))
    case = walk(case, PATH_TO_NOTICE, by=by, on=on)
    case = decide(case, by=by, fine=fine, on=on)
    services.record_service(by=by, case=case, served_on=on or timezone.localdate())
    case.refresh_from_db()
    return case


def chief_user():
    return UserFactory.create(role=Role.CHIEF)


def pay_all(case, *, by, on=None) -> None:
    """Pay everything owed on the case's fines and confiscated income, on `on` (today)."""
    from casework.models import Penalty

    on = on or timezone.localdate()
    for penalty in Penalty.objects.filter(
        decision__case=case, type__in=Penalty.PAID_TYPES
    ):
        owed = services.penalty_account(penalty, on=on).outstanding
        if owed:
            services.record_payment(by=by, penalty=penalty, paid_on=on, amount=owed)
