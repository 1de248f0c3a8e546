"""Providers and practitioners, and naming them as parties to a 两非 case."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import crypto
from bureau.models import Township, User
from casework.models import CaseEvent, CaseParty, Practitioner, Provider
from casework.models.cases import Case
from casework.models.credit_code import validate_credit_code
from casework.services._common import (
    add_event,
    invalid,
    liangfei_problem,
    locked_case,
    require,
    require_township,
    serves,
)
from casework.workflow import is_open
from households.idnumbers import IdNumberError, check_id_number

DIGEST_PURPOSE = "casework.practitioner.id_number"


def may_add_provider(user: User, township: Township) -> bool:
    return user.has_perm("casework.add_provider") and serves(user, township.pk)


def may_add_party(user: User, case: Case) -> bool:
    return (
        user.has_perm("casework.add_caseparty")
        and serves(user, case.township_id)
        and liangfei_problem(case) is None
        and is_open(case.kind, case.status)
    )


@transaction.atomic
def create_provider(
    *,
    by: User,
    township: Township,
    kind: str,
    name: str,
    credit_code: str = "",
    licence_number: str = "",
    licence_authority: str = "",
    address: str = "",
) -> Provider:
    """A provider in `township`; its credit code, when it has one, is checked and unique."""
    require(by, "casework.add_provider", _("You may not add providers."))
    require_township(by, township)
    if kind not in Provider.Kind.values:
        raise invalid("kind", _("Unknown kind of provider: %(kind)s") % {"kind": kind})
    if not (name or "").strip():
        raise invalid("name", _("Give the provider's name."))
    code = validate_credit_code(credit_code) if (credit_code or "").strip() else None
    if code and Provider.objects.filter(credit_code=code).exists():
        raise invalid(
            "credit_code",
            _("A provider with the credit code %(code)s is already recorded.")
            % {"code": code},
        )
    provider = Provider(
        township=township,
        kind=kind,
        name=name.strip(),
        credit_code=code,
        licence_number=licence_number.strip(),
        licence_authority=licence_authority.strip(),
        address=address.strip(),
        created_by=by,
    )
    provider.full_clean(exclude=["township", "created_by", "credit_code"])
    try:
        with transaction.atomic():
            provider.save()
    except IntegrityError:
        raise invalid(
            "credit_code",
            _("A provider with the credit code %(code)s is already recorded.")
            % {"code": code},
        ) from None
    return provider


def _id_fields(id_number: str) -> dict:
    if not (id_number or "").strip():
        return {}
    try:
        number = check_id_number(id_number, today=timezone.localdate()).number
    except IdNumberError as error:
        raise invalid("id_number", error.message) from None
    return {
        "id_number_encrypted": crypto.encrypt(number),
        "id_number_digest": crypto.blind_index(number, purpose=DIGEST_PURPOSE),
        "id_prefix": number[:6],
        "id_last4": number[-4:],
    }


@transaction.atomic
def create_practitioner(
    *,
    by: User,
    township: Township,
    name: str,
    id_number: str = "",
    licence_number: str = "",
    provider: Provider | None = None,
) -> Practitioner:
    """A practitioner; the identity number is encrypted, the provider in a served township."""
    require(by, "casework.add_practitioner", _("You may not add practitioners."))
    require_township(by, township)
    if not (name or "").strip():
        raise invalid("name", _("Give the practitioner's name."))
    if provider is not None and not serves(by, provider.township_id):
        raise invalid("provider", _("That provider is not in your townships."))
    practitioner = Practitioner(
        township=township,
        provider=provider,
        name=name.strip(),
        licence_number=licence_number.strip(),
        created_by=by,
        **_id_fields(id_number),
    )
    practitioner.full_clean(exclude=["township", "provider", "created_by"])
    practitioner.save()
    return practitioner


@transaction.atomic
def add_party(
    *,
    by: User,
    case: Case,
    provider: Provider | None = None,
    practitioner: Practitioner | None = None,
    role: str = CaseParty.Role.RESPONDENT,
) -> CaseParty:
    """Name a provider or a practitioner (one of them) as a party to an open 两非 case."""
    require(by, "casework.add_caseparty", _("You may not add parties to cases."))
    case = locked_case(case)
    require_township(by, case.township)
    problem = liangfei_problem(case)
    if problem:
        raise invalid("case", problem)
    if not is_open(case.kind, case.status):
        raise invalid(
            "case", _("%(number)s is closed; no party can be added.") % vars_of(case)
        )
    if (provider is None) == (practitioner is None):
        raise invalid("provider", _("Name either a provider or a practitioner."))
    if role not in CaseParty.Role.values:
        raise invalid("role", _("Unknown role: %(role)s") % {"role": role})
    party = provider or practitioner
    if not serves(by, party.township_id):
        raise PermissionDenied(
            _("%(party)s is not in your townships.") % {"party": party}
        )
    existing = case.parties.filter(provider=provider, practitioner=practitioner)
    if existing.exists():
        raise invalid(
            "provider",
            _("%(party)s is already a party to %(number)s.")
            % {"party": party, "number": case.number},
        )
    link = CaseParty.objects.create(
        case=case,
        provider=provider,
        practitioner=practitioner,
        role=role,
        added_by=by,
    )
    add_event(
        case,
        type=CaseEvent.Type.PARTY,
        by=by,
        note=f"{party} ({link.get_role_display()})",
    )
    return link


def vars_of(case: Case) -> dict:
    return {"number": case.number}
