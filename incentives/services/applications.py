"""The review chain of a benefit application.

submitted → village reviewed → township reviewed → bureau approved → in public notice
→ confirmed. Each approval moves exactly one level; a return moves exactly one level
back with a reason; an objection during the notice reopens the township review. The
same user never approves two levels of one application, and the person who entered it
approves none. Confirming grants the entitlement: a person decides every grant and
refusal (PIPL art. 24); the system only proposes.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import attachments
from bureau.audit import audit_context
from incentives.models import Application, ReviewStep
from incentives.models.applications import OPEN
from incentives.services._common import (
    invalid,
    require_perm,
    require_visible_person,
)
from incentives.services.errors import StateError
from incentives.services.review_clocks import restart_clock as _restart_clock

S = Application.Status
# status → (next status, permission needed to move it there)
FORWARD = {
    S.SUBMITTED: (S.VILLAGE_REVIEWED, "incentives.review_village"),
    S.VILLAGE_REVIEWED: (S.TOWNSHIP_REVIEWED, "incentives.review_township"),
    S.TOWNSHIP_REVIEWED: (S.BUREAU_APPROVED, "incentives.approve_bureau"),
}
BACK = {
    S.VILLAGE_REVIEWED: S.SUBMITTED,
    S.TOWNSHIP_REVIEWED: S.VILLAGE_REVIEWED,
    S.BUREAU_APPROVED: S.TOWNSHIP_REVIEWED,
}
# Who may act on an application in a status (return, reject) is whoever reviews it next.
REVIEWER_OF = {
    S.SUBMITTED: "incentives.review_village",
    S.VILLAGE_REVIEWED: "incentives.review_township",
    S.TOWNSHIP_REVIEWED: "incentives.approve_bureau",
    S.BUREAU_APPROVED: "incentives.approve_bureau",
    S.IN_NOTICE: "incentives.approve_bureau",
}


def _locked(application: Application, *, expected_version: int | None) -> Application:
    current = Application.objects.select_for_update().get(pk=application.pk)
    if expected_version is not None and current.version != expected_version:
        raise StateError(_("Someone else changed this application; reload it."))
    return current


def _move(
    application: Application,
    *,
    by,
    to: str,
    action: str,
    comment: str = "",
    evidence: str = "",
    today=None,
) -> Application:
    today = today or timezone.localdate()
    ReviewStep.objects.create(
        application=application,
        action=action,
        from_status=application.status,
        to_status=to,
        by=by,
        comment=comment,
        evidence=evidence,
        due_on=application.step_due_on,
    )
    application.status = to
    application.version += 1
    application.step_due_on = _restart_clock(application, by=by, today=today)
    application.save()
    return application


def submit_application(
    *,
    by,
    scheme,
    person,
    year: int,
    payee=None,
    child=None,
    category: str = "",
    candidate_reason: str = "",
    comment: str = "",
) -> Application:
    """Enter an application for a person the user serves; one open application per
    person, scheme and year."""
    with transaction.atomic(), audit_context(user=by.pk, action="submit_application"):
        require_perm(by, "incentives.add_application")
        person = require_visible_person(by, person)
        payee = require_visible_person(by, payee or person, field="payee")
        if child is not None:
            child = require_visible_person(by, child, field="child")
        if not scheme.is_active:
            raise invalid("scheme", _("This scheme no longer takes applications."))
        if person.household is None:
            raise invalid("person", _("The person belongs to no household."))
        if not person.is_alive:
            raise invalid("person", _("The register records this person as deceased."))
        if Application.objects.filter(
            person=person, scheme=scheme, year=year, status__in=OPEN
        ).exists():
            raise invalid(
                "person",
                _("This person already has an open application for the scheme."),
            )
        application = Application(
            scheme=scheme,
            category=category,
            year=year,
            person=person,
            payee=payee,
            child=child,
            village=person.household.village,
            candidate_reason=candidate_reason[:300],
            submitted_by=by,
        )
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as exc:
            raise invalid(
                "person",
                _("This person already has an open application for the scheme."),
            ) from exc
        ReviewStep.objects.create(
            application=application,
            action=ReviewStep.Action.SUBMIT,
            to_status=S.SUBMITTED,
            by=by,
            comment=comment,
        )
        application.step_due_on = _restart_clock(
            application, by=by, today=timezone.localdate()
        )
        application.save(update_fields=["step_due_on"])
        return application


def confirm_condition(
    *,
    by,
    application: Application,
    code: str,
    answer: bool,
    evidence: str,
    expected_version: int | None = None,
) -> Application:
    """Record a historical condition as a yes/no read from the applicant's papers.

    The system never works such conditions out itself (e.g. from the births in the
    register); a reviewer states what the document shows and names the document.
    """
    with transaction.atomic(), audit_context(user=by.pk, action="confirm_condition"):
        application = _locked(application, expected_version=expected_version)
        if application.status not in (S.SUBMITTED, S.VILLAGE_REVIEWED):
            raise StateError(_("Conditions are confirmed before the township review."))
        require_perm(by, REVIEWER_OF[application.status])
        if code not in application.scheme.required_conditions:
            raise invalid("code", _("This scheme asks for no such condition."))
        if not (evidence or "").strip():
            raise invalid("evidence", _("Name the document that shows it."))
        application.conditions = {
            **application.conditions,
            code: {
                "answer": bool(answer),
                "evidence": evidence.strip()[:300],
                "by": by.pk,
                "at": timezone.now().isoformat(timespec="seconds"),
            },
        }
        ReviewStep.objects.create(
            application=application,
            action=ReviewStep.Action.CONDITION,
            from_status=application.status,
            to_status=application.status,
            by=by,
            comment=f"{code}: {'yes' if answer else 'no'}",
            evidence=evidence.strip()[:300],
        )
        application.version += 1
        application.save()
        return application


def _refuse_second_level(application: Application, *, by, to: str) -> None:
    if by.pk == application.submitted_by_id:
        raise PermissionDenied(
            _("The person who entered an application does not review it.")
        )
    other_levels = (
        application.steps.filter(action=ReviewStep.Action.APPROVE, by=by)
        .exclude(to_status=to)
        .exists()
    )
    if other_levels:
        raise PermissionDenied(
            _(
                "You approved another level of this application; a colleague must do this one."
            )
        )


def approve_application(
    *,
    by,
    application: Application,
    comment: str = "",
    expected_version: int | None = None,
) -> Application:
    """Move the application one level forward (village, township or bureau review)."""
    with transaction.atomic(), audit_context(user=by.pk, action="approve_application"):
        application = _locked(application, expected_version=expected_version)
        if application.status not in FORWARD:
            raise StateError(_("This application is not waiting for a review."))
        to, permission = FORWARD[application.status]
        require_perm(by, permission)
        _refuse_second_level(application, by=by, to=to)
        if to == S.TOWNSHIP_REVIEWED:
            missing = [
                code
                for code in application.scheme.required_conditions
                if code not in application.conditions
            ]
            if missing:
                raise invalid(
                    "conditions",
                    _("Confirm these conditions from the papers first: %(codes)s")
                    % {"codes": ", ".join(missing)},
                )
            refused = [
                code
                for code, fact in application.conditions.items()
                if not fact.get("answer")
            ]
            if refused:
                raise invalid(
                    "conditions",
                    _(
                        "The papers do not show %(codes)s; reject the application instead."
                    )
                    % {"codes": ", ".join(refused)},
                )
        return _move(
            application, by=by, to=to, action=ReviewStep.Action.APPROVE, comment=comment
        )


def return_application(
    *, by, application: Application, reason: str, expected_version: int | None = None
) -> Application:
    """Send the application one level back, with the reason."""
    with transaction.atomic(), audit_context(user=by.pk, action="return_application"):
        application = _locked(application, expected_version=expected_version)
        if application.status not in BACK:
            raise StateError(_("This application cannot be returned now."))
        require_perm(by, REVIEWER_OF[application.status])
        if not (reason or "").strip():
            raise invalid("reason", _("Say why it goes back."))
        return _move(
            application,
            by=by,
            to=BACK[application.status],
            action=ReviewStep.Action.RETURN,
            comment=reason.strip(),
        )


def reject_application(
    *, by, application: Application, reason: str, expected_version: int | None = None
) -> Application:
    """Refuse the application with a reason (a person's decision, never automatic)."""
    with transaction.atomic(), audit_context(user=by.pk, action="reject_application"):
        application = _locked(application, expected_version=expected_version)
        if application.status not in REVIEWER_OF:
            raise StateError(_("This application is already decided."))
        require_perm(by, REVIEWER_OF[application.status])
        if not (reason or "").strip():
            raise invalid("reason", _("Say why the application is refused."))
        return _move(
            application,
            by=by,
            to=S.REJECTED,
            action=ReviewStep.Action.REJECT,
            comment=reason.strip(),
        )


def withdraw_application(
    *, by, application: Application, reason: str, expected_version: int | None = None
) -> Application:
    """The applicant withdraws; recorded by the staff who took the request."""
    with transaction.atomic(), audit_context(user=by.pk, action="withdraw_application"):
        application = _locked(application, expected_version=expected_version)
        if application.status not in OPEN:
            raise StateError(_("This application is already decided."))
        require_perm(by, "incentives.change_application")
        if not (reason or "").strip():
            raise invalid("reason", _("Say why it is withdrawn."))
        return _move(
            application,
            by=by,
            to=S.WITHDRAWN,
            action=ReviewStep.Action.WITHDRAW,
            comment=reason.strip(),
        )


def attach_evidence(
    *, by, application: Application, file, filename: str, description: str = ""
):
    """Attach a scanned document (ID, hukou, certificate) to an open application."""
    if application.status not in OPEN:
        raise StateError(_("Documents are added while the application is open."))
    require_perm(by, "incentives.change_application")
    return attachments.attach_file(
        by=by,
        to=application,
        township=application.village.township_id,
        file=file,
        filename=filename,
        description=description,
    )
