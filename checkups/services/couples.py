"""Pre-pregnancy couples: register (with both partners' consent), assess, counsel.

Each step calls require_consent inside its transaction, so a withdrawal stops it from
that moment. The assessment is per partner; a high-risk partner stays on the follow-up
list (selectors.follow_up_list) until a counselling record on or after the assessment.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.audit import audit_context
from checkups.models import Counselling, Couple, RiskAssessment, Visit
from checkups.services._common import (
    invalid,
    locked,
    not_in_future,
    require_perm,
    serves,
)
from households.models import Person
from households.models.consent import Purpose
from households.services.consent import require_consent

CHECK = Purpose.PREPREGNANCY_CHECKUP
HEALTH = Purpose.HEALTH_DATA
Outcome = RiskAssessment.Outcome


def may_change_couple(user, couple: Couple) -> bool:
    return (
        user.has_perm("checkups.change_couple")
        and couple.status == Couple.Status.ACTIVE
        and serves(user, couple.township_id)
    )


def _visible_person(by, person, field: str) -> Person:
    from households.selectors import visible_persons

    found = (
        visible_persons(by)
        .select_related("household__village")
        .filter(pk=getattr(person, "pk", person))
        .first()
    )
    if found is None:
        raise invalid(field, _("Choose a person in one of your townships."))
    return found


def register_couple(*, by, woman, man, registered_on: date | None = None) -> Couple:
    """Register a couple planning a pregnancy; both partners must have consented to
    the free pre-pregnancy check. The couple is filed under the woman's village."""
    require_perm(by, "checkups.add_couple")
    today = timezone.localdate()
    registered_on = registered_on or today
    not_in_future("registered_on", registered_on, today)
    woman = _visible_person(by, woman, "woman")
    man = _visible_person(by, man, "man")
    if woman.sex != Person.Sex.FEMALE:
        raise invalid("woman", _("The register records this person as male."))
    if man.sex != Person.Sex.MALE:
        raise invalid("man", _("The register records this person as female."))
    for field, person in (("woman", woman), ("man", man)):
        if not person.is_alive:
            raise invalid(field, _("The register records this person as deceased."))
    household = woman.household or man.household
    if household is None:
        raise invalid(
            "woman",
            _("Neither partner belongs to a household; record the household first."),
        )
    with transaction.atomic(), audit_context(user=by.pk, action="register_couple"):
        for person in (woman, man):
            require_consent(person, CHECK)
        couple = Couple(
            woman=woman,
            man=man,
            registered_on=registered_on,
            household=household,
            village=household.village,
            township_id=household.village.township_id,
            registered_by=by,
        )
        try:
            with transaction.atomic():
                couple.save()
        except IntegrityError as exc:
            raise invalid(
                "woman", _("One of the partners is already in a registered couple.")
            ) from exc
    return couple


def end_couple(*, by, couple: Couple, expected_version: int | None = None) -> Couple:
    """End a registration (the couple asked, or the check was done): no more invitations."""
    require_perm(by, "checkups.change_couple")
    with transaction.atomic(), audit_context(user=by.pk, action="end_couple"):
        couple = locked(Couple, couple, expected_version)
        if not may_change_couple(by, couple):
            raise invalid("couple", _("You may not change this registration."))
        couple.status = Couple.Status.ENDED
        couple.ended_on = timezone.localdate()
        couple.version += 1
        couple.save()
    return couple


def _partner(couple: Couple, person) -> Person:
    pk = getattr(person, "pk", person)
    if pk == couple.woman_id:
        return couple.woman
    if pk == couple.man_id:
        return couple.man
    raise invalid("person", _("This person is not a partner of the couple."))


def _assessment_visit(couple: Couple, person: Person, visit) -> Visit | None:
    visits = Visit.objects.filter(
        person=person,
        invitation__couple=couple,
        examiner__isnull=False,
        verifier__isnull=False,
    )
    if visit is None:
        return visits.order_by("-visited_on", "-pk").first()
    found = visits.filter(pk=getattr(visit, "pk", visit)).first()
    if found is None:
        raise invalid("visit", _("Choose a signed visit of this partner."))
    return found


def _check_outcome(outcome: str, factors: list[str], risk_class: str) -> None:
    if outcome not in Outcome.values:
        raise invalid("outcome", _("Choose the outcome of the assessment."))
    unknown = [f for f in factors if f not in RiskAssessment.Factor.values]
    if unknown:
        raise invalid("factors", _("Unknown risk factor %s.") % unknown[0])
    if outcome == Outcome.HIGH_RISK and not factors:
        raise invalid(
            "factors", _("A high-risk outcome names at least one risk factor.")
        )
    if risk_class and risk_class not in RiskAssessment.RiskClass.values:
        raise invalid("risk_class", _("The risk class is A, B, C, D or X."))


def assess_risk(
    *,
    by,
    couple: Couple,
    person,
    outcome: str,
    factors=(),
    risk_class: str = "",
    notes: str = "",
    assessed_on: date | None = None,
    visit=None,
) -> RiskAssessment:
    """Record (or revise) one partner's assessment after the check."""
    require_perm(by, "checkups.add_riskassessment")
    today = timezone.localdate()
    assessed_on = assessed_on or today
    not_in_future("assessed_on", assessed_on, today)
    factors = sorted(set(factors))
    _check_outcome(outcome, factors, risk_class)
    with transaction.atomic(), audit_context(user=by.pk, action="assess_risk"):
        couple = locked(Couple, couple, None)
        if not serves(by, couple.township_id):
            raise invalid("couple", _("You may not assess this couple."))
        partner = _partner(couple, person)
        for purpose in (CHECK, HEALTH):
            require_consent(partner, purpose)
        assessment = (
            RiskAssessment.objects.select_for_update()
            .filter(couple=couple, person=partner)
            .first()
        )
        created = assessment is None
        if created:
            assessment = RiskAssessment(couple=couple, person=partner)
        assessment.visit = _assessment_visit(couple, partner, visit)
        assessment.outcome = outcome
        assessment.factors = factors if outcome == Outcome.HIGH_RISK else []
        assessment.risk_class = risk_class
        assessment.notes = notes.strip()
        assessment.assessed_on = assessed_on
        assessment.assessed_by = by
        if not created:
            assessment.version += 1
        assessment.save()
    return assessment


def record_counselling(
    *,
    by,
    couple: Couple,
    person,
    content: str,
    counselled_on: date | None = None,
    counsellor=None,
    face_to_face: bool = True,
) -> Counselling:
    """Record face-to-face counselling of one partner; a high-risk partner counselled on
    or after the assessment leaves the follow-up list."""
    require_perm(by, "checkups.add_counselling")
    today = timezone.localdate()
    counselled_on = counselled_on or today
    not_in_future("counselled_on", counselled_on, today)
    if not content.strip():
        raise invalid("content", _("Say what the counselling covered."))
    with transaction.atomic(), audit_context(user=by.pk, action="record_counselling"):
        couple = locked(Couple, couple, None)
        if not serves(by, couple.township_id):
            raise invalid(
                "couple", _("You may not record counselling for this couple.")
            )
        partner = _partner(couple, person)
        for purpose in (CHECK, HEALTH):
            require_consent(partner, purpose)
        return Counselling.objects.create(
            couple=couple,
            person=partner,
            counselled_on=counselled_on,
            counsellor=counsellor or by,
            face_to_face=face_to_face,
            content=content.strip(),
            recorded_by=by,
        )
