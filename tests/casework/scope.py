"""Register case rows for the scope probe (see tests/scope.py)."""

from django.utils import timezone

from casework import services
from casework.models import Penalty
from tests.casework.factories import (
    chief_user,
    handler_of,
    open_case,
    provider_in,
    served_case,
)
from tests.scope import scope_factory


@scope_factory("casework.Case")
def case(*, village, user):
    return open_case(village=village, by=user, handlers=[user])


@scope_factory("casework.Provider")
def provider(*, village, user):
    return provider_in(village.township, by=user)


@scope_factory("casework.Practitioner")
def practitioner(*, village, user):
    return services.create_practitioner(
        by=user, township=village.township, name="某医生"
    )


@scope_factory("casework.CaseParty")
def case_party(*, village, user):
    return services.add_party(
        by=user,
        case=open_case(village=village, by=user),
        provider=provider_in(village.township, by=user),
    )


@scope_factory("casework.Lead")
def lead(*, village, user):
    return services.register_lead(
        by=user,
        township=village.township,
        source="hotline",
        title="举报线索",
        reporter="举报人 13800000000",
        handlers=[user],
    ).lead


@scope_factory("casework.Decision")
def decision(*, village, user):
    return served_case(village=village, by=user).decision


@scope_factory("casework.Penalty")
def penalty(*, village, user):
    return served_case(village=village, by=user).decision.penalties.get(
        type=Penalty.Type.FINE
    )


@scope_factory("casework.FinePayment")
def fine_payment(*, village, user):
    fine = penalty(village=village, user=user)
    return services.record_payment(
        by=user, penalty=fine, paid_on=timezone.localdate(), amount="100"
    )


@scope_factory("casework.SeizedItem")
def seized_item(*, village, user):
    case = open_case(village=village, by=user)
    case = services.move_case(by=user, case=case, to="lead_verification")
    return services.register_seized_item(
        by=user,
        case=case,
        type="ultrasound",
        description="便携式B超机",
        quantity=1,
        seized_on=timezone.localdate(),
    )


@scope_factory("casework.ReporterReward")
def reporter_reward(*, village, user):
    case = lead(village=village, user=user).case
    case.handlers.add(handler_of(village.township))
    for state in ("lead_verification", "filed"):
        case = services.move_case(by=user, case=case, to=state)
    return services.record_reward(
        by=user,
        case=case,
        amount="500",
        paid_on=timezone.localdate(),
        approved_by=chief_user(),
    )


@scope_factory("casework.CaseTarget")
def case_target(*, village, user):
    return services.set_target(
        by=chief_user(),
        township=village.township,
        year=timezone.localdate().year,
        cases=14,
    )
