"""Visits: record what was delivered and found, then two different users sign.

The examiner signs first, a verifier (another user) second; only then the visit is
complete and the invitation becomes attended. Editing a visit clears its signatures,
so what was signed is what counts. Health data is processed only with the person's
consent in force (HEALTH_DATA, and for the pre-pregnancy check its own consent),
checked inside the transaction with require_consent.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.audit import audit_context
from checkups.models import (
    Campaign,
    Invitation,
    Referral,
    ServiceItem,
    Visit,
    VisitService,
)
from checkups.services._common import (
    invalid,
    locked,
    not_in_future,
    require_perm,
    serves,
)
from households.models.consent import Purpose
from households.services.consent import require_consent

F = Visit.Findings
CONTENT_FIELDS = (
    "visited_on",
    "site",
    "identity_method",
    "findings",
    "finding_category",
    "finding_notes",
    "free_medicine",
)


def purposes_for(campaign: Campaign) -> tuple[str, ...]:
    """The consents a visit of this campaign needs from the person examined."""
    if campaign.kind == Campaign.Kind.PRE_PREGNANCY:
        return (Purpose.PREPREGNANCY_CHECKUP, Purpose.HEALTH_DATA)
    return (Purpose.HEALTH_DATA,)


def may_record_visit(user, invitation: Invitation) -> bool:
    return (
        user.has_perm("checkups.add_visit")
        and invitation.campaign.status == Campaign.Status.OPEN
        and serves(user, invitation.township_id)
    )


def may_sign_as_verifier(user, visit: Visit) -> bool:
    return (
        user.has_perm("checkups.sign_visit")
        and visit.examiner_id is not None
        and visit.verifier_id is None
        and visit.examiner_id != user.pk
        and serves(user, visit.invitation.township_id)
    )


may_verify_visit = may_sign_as_verifier


def _partners(invitation: Invitation) -> list:
    if invitation.couple_id:
        return [invitation.couple.woman, invitation.couple.man]
    return [invitation.person]


def _examined(invitation: Invitation, person):
    partners = _partners(invitation)
    if person is None:
        if len(partners) > 1:
            raise invalid("person", _("Choose which partner was examined."))
        return partners[0]
    chosen = [p for p in partners if p.pk == getattr(person, "pk", person)]
    if not chosen:
        raise invalid("person", _("This person is not invited by this invitation."))
    return chosen[0]


def _check_content(campaign: Campaign, data: dict, today: date) -> None:
    visited_on = data["visited_on"]
    not_in_future("visited_on", visited_on, today)
    if visited_on < campaign.starts_on or visited_on > campaign.ends_on:
        raise invalid(
            "visited_on",
            _("The date must fall within the campaign (%(start)s to %(end)s).")
            % {"start": campaign.starts_on, "end": campaign.ends_on},
        )
    if data["identity_method"] not in Visit.IdentityMethod.values:
        raise invalid("identity_method", _("Record how the identity was checked."))
    if data["findings"] not in ("", *F.values):
        raise invalid("findings", _("Findings are normal or abnormal."))
    category = data["finding_category"]
    if data["findings"] == F.ABNORMAL and category not in Visit.FindingCategory.values:
        raise invalid(
            "finding_category", _("Choose the category of the abnormal finding.")
        )
    if data["findings"] != F.ABNORMAL and category:
        raise invalid("finding_category", _("Only an abnormal finding has a category."))
    site = data["site"]
    if site is not None and site.campaign_id != campaign.pk:
        raise invalid("site", _("The site belongs to another campaign."))


def _write_services(visit: Visit, campaign: Campaign, sex: str, services: dict) -> None:
    # Keys may be catalogue items or their primary keys.
    services = {int(getattr(key, "pk", key)): value for key, value in services.items()}
    items = {
        item.pk: item
        for item in ServiceItem.objects.filter(
            pk__in=list(services), campaign_kind=campaign.kind
        )
    }
    rows = []
    for pk, outcome in services.items():
        item = items.get(int(pk))
        if item is None or not item.is_active or not item.applies_to(sex):
            raise invalid("services", _("Item %s is not offered in this visit.") % pk)
        if outcome not in VisitService.Outcome.values:
            raise invalid(
                "services",
                _("%(item)s: choose done, not done or declined.") % {"item": item},
            )
        rows.append(VisitService(visit=visit, item=item, outcome=outcome))
    VisitService.objects.filter(visit=visit).delete()
    VisitService.objects.bulk_create(rows)


def _content(**data) -> dict:
    data.setdefault("site", None)
    data.setdefault("findings", "")
    data.setdefault("finding_category", "")
    data.setdefault("finding_notes", "")
    data.setdefault("free_medicine", "")
    data["finding_notes"] = (data["finding_notes"] or "").strip()
    data["free_medicine"] = (data["free_medicine"] or "").strip()[:200]
    return data


def record_visit(
    *,
    by,
    invitation: Invitation,
    visited_on: date,
    identity_method: str,
    person=None,
    site=None,
    services: dict | None = None,
    findings: str = "",
    finding_category: str = "",
    finding_notes: str = "",
    free_medicine: str = "",
    referral: dict | None = None,
    sign: bool = True,
    source: str = "entry",
) -> Visit:
    """Record a visit of the invited person (or one partner of a couple).

    `services` maps catalogue item keys to done / not_done / declined; `referral` is
    {destination, reason, follow_up_on}. With `sign`, `by` signs as the examiner.
    """
    require_perm(by, "checkups.add_visit")
    today = timezone.localdate()
    data = _content(
        visited_on=visited_on,
        identity_method=identity_method,
        site=site,
        findings=findings,
        finding_category=finding_category,
        finding_notes=finding_notes,
        free_medicine=free_medicine,
    )
    with transaction.atomic(), audit_context(user=by.pk, action="record_visit"):
        invitation = locked(Invitation, invitation, None)
        if not may_record_visit(by, invitation):
            raise invalid(
                "invitation", _("You may not record a visit for this invitation.")
            )
        campaign = invitation.campaign
        examined = _examined(invitation, person)
        _check_content(campaign, data, today)
        for purpose in purposes_for(campaign):
            require_consent(examined, purpose)
        visit = Visit(
            invitation=invitation, person=examined, recorded_by=by, source=source
        )
        for field, value in data.items():
            setattr(visit, field, value)
        if sign:
            visit.examiner = by
            visit.examiner_signed_at = timezone.now()
        try:
            with transaction.atomic():
                visit.save()
        except IntegrityError as exc:
            raise invalid(
                "person",
                _("A visit of this person is already recorded for this campaign."),
            ) from exc
        _write_services(visit, campaign, examined.sex, services or {})
        if referral:
            _create_referral(visit, referral, today=today)
    return visit


def update_visit(
    *, by, visit: Visit, expected_version: int, services=None, **changes
) -> Visit:
    """Correct a visit. Its signatures are cleared: both sign again what now stands."""
    require_perm(by, "checkups.change_visit")
    unknown = set(changes) - set(CONTENT_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], _("This field cannot be changed here."))
    today = timezone.localdate()
    with transaction.atomic(), audit_context(user=by.pk, action="update_visit"):
        visit = locked(Visit, visit, expected_version)
        invitation = visit.invitation
        if not may_record_visit(by, invitation):
            raise invalid("visit", _("You may not change this visit."))
        data = _content(**{f: getattr(visit, f) for f in CONTENT_FIELDS} | changes)
        _check_content(invitation.campaign, data, today)
        for purpose in purposes_for(invitation.campaign):
            require_consent(visit.person, purpose)
        was_complete = visit.is_complete
        for field, value in data.items():
            setattr(visit, field, value)
        visit.examiner = visit.verifier = None
        visit.examiner_signed_at = visit.verifier_signed_at = None
        visit.version += 1
        visit.save()
        if services is not None:
            _write_services(visit, invitation.campaign, visit.person.sex, services)
        if was_complete:
            _refresh_attendance(invitation)
    return visit


def sign_as_examiner(*, by, visit: Visit, expected_version: int | None = None) -> Visit:
    require_perm(by, "checkups.sign_visit")
    with transaction.atomic(), audit_context(user=by.pk, action="sign_visit"):
        visit = locked(Visit, visit, expected_version)
        if not serves(by, visit.invitation.township_id):
            raise invalid("visit", _("You may not sign this visit."))
        if visit.examiner_id is not None:
            raise invalid("examiner", _("The examiner has already signed this visit."))
        visit.examiner = by
        visit.examiner_signed_at = timezone.now()
        visit.version += 1
        visit.save()
    return visit


def sign_as_verifier(*, by, visit: Visit, expected_version: int | None = None) -> Visit:
    """The second signature, by a user other than the examiner: the visit now counts."""
    require_perm(by, "checkups.sign_visit")
    with transaction.atomic(), audit_context(user=by.pk, action="verify_visit"):
        visit = locked(Visit, visit, expected_version)
        if visit.examiner_id is None:
            raise invalid("verifier", _("The examiner signs before the verifier."))
        if visit.examiner_id == by.pk:
            raise invalid(
                "verifier",
                _("The verifier must be a different user from the examiner."),
            )
        if visit.verifier_id is not None:
            raise invalid("verifier", _("This visit is already verified."))
        if not may_sign_as_verifier(by, visit):
            raise invalid("verifier", _("You may not sign this visit."))
        for purpose in purposes_for(visit.invitation.campaign):
            require_consent(visit.person, purpose)
        visit.verifier = by
        visit.verifier_signed_at = timezone.now()
        visit.version += 1
        visit.save()
        _refresh_attendance(visit.invitation)
    return visit


def _refresh_attendance(invitation: Invitation) -> None:
    """Attended when at least one complete visit exists; back to invited otherwise."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    complete = invitation.visits.filter(
        examiner__isnull=False, verifier__isnull=False
    ).exists()
    status = invitation.status
    if complete and status != Invitation.Status.ATTENDED:
        status = Invitation.Status.ATTENDED
    elif not complete and status == Invitation.Status.ATTENDED:
        status = Invitation.Status.INVITED
    if status != invitation.status:
        invitation.status = status
        invitation.status_changed_at = timezone.now()
        invitation.version += 1
        invitation.save()


def _create_referral(visit: Visit, data: dict, *, today: date) -> Referral:
    destination = (data.get("destination") or "").strip()
    reason = (data.get("reason") or "").strip()
    if not destination:
        raise invalid("destination", _("Name where the person is referred to."))
    if not reason:
        raise invalid("reason", _("Give the reason for the referral."))
    referred_on = data.get("referred_on") or visit.visited_on
    follow_up_on = data.get("follow_up_on")
    if follow_up_on and follow_up_on < referred_on:
        raise invalid(
            "follow_up_on", _("The follow-up date cannot be before the referral.")
        )
    return Referral.objects.create(
        visit=visit,
        destination=destination[:200],
        reason=reason[:300],
        referred_on=referred_on,
        follow_up_on=follow_up_on,
    )


def add_referral(
    *,
    by,
    visit: Visit,
    destination: str,
    reason: str,
    referred_on: date | None = None,
    follow_up_on: date | None = None,
) -> Referral:
    require_perm(by, "checkups.add_referral")
    with transaction.atomic(), audit_context(user=by.pk, action="add_referral"):
        visit = locked(Visit, visit, None)
        if not serves(by, visit.invitation.township_id):
            raise invalid("visit", _("You may not refer from this visit."))
        for purpose in purposes_for(visit.invitation.campaign):
            require_consent(visit.person, purpose)
        return _create_referral(
            visit,
            {
                "destination": destination,
                "reason": reason,
                "referred_on": referred_on,
                "follow_up_on": follow_up_on,
            },
            today=timezone.localdate(),
        )


def record_referral_outcome(
    *,
    by,
    referral: Referral,
    outcome: str,
    note: str = "",
    expected_version: int | None = None,
) -> Referral:
    """Record what came of a referral (seen, treated, did not go, declined)."""
    require_perm(by, "checkups.change_referral")
    if outcome not in Referral.Outcome.values or outcome == Referral.Outcome.PENDING:
        raise invalid("outcome", _("Choose the outcome of the referral."))
    with transaction.atomic(), audit_context(user=by.pk, action="referral_outcome"):
        referral = locked(Referral, referral, expected_version)
        visit = referral.visit
        if not serves(by, visit.invitation.township_id):
            raise invalid("referral", _("You may not change this referral."))
        for purpose in purposes_for(visit.invitation.campaign):
            require_consent(visit.person, purpose)
        referral.outcome = outcome
        referral.outcome_note = note.strip()[:300]
        referral.outcome_recorded_at = timezone.now()
        referral.outcome_recorded_by = by
        referral.version += 1
        referral.save()
    return referral
