"""The public notice (公示) of a bureau-approved application: publishing it, objections
that send it back to the township review, and the confirmation that grants the benefit."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.audit import audit_context
from incentives.models import Application, Entitlement, ReviewStep
from incentives.services._common import invalid, notice_end, require_perm
from incentives.services.applications import S, _locked, _move
from incentives.services.errors import StateError


def publish_notice(
    *, by, application: Application, today=None, expected_version: int | None = None
) -> Application:
    """Start the public notice (公示) of a bureau-approved application."""
    today = today or timezone.localdate()
    with transaction.atomic(), audit_context(user=by.pk, action="publish_notice"):
        application = _locked(application, expected_version=expected_version)
        if application.status != S.BUREAU_APPROVED:
            raise StateError(_("Only a bureau-approved application goes on notice."))
        require_perm(by, "incentives.approve_bureau")
        application.notice_starts_on = today
        application.notice_ends_on = notice_end(today, application.scheme)
        return _move(
            application,
            by=by,
            to=S.IN_NOTICE,
            action=ReviewStep.Action.PUBLISH,
            today=today,
        )


def raise_objection(
    *, by, application: Application, objection: str, expected_version: int | None = None
) -> Application:
    """Record an objection to a notice; the township reviews the application again."""
    with transaction.atomic(), audit_context(user=by.pk, action="raise_objection"):
        application = _locked(application, expected_version=expected_version)
        if application.status != S.IN_NOTICE:
            raise StateError(_("Objections are taken while the notice runs."))
        require_perm(by, "incentives.change_application")
        if not (objection or "").strip():
            raise invalid("objection", _("Write down the objection."))
        application.notice_starts_on = application.notice_ends_on = None
        return _move(
            application,
            by=by,
            to=S.VILLAGE_REVIEWED,
            action=ReviewStep.Action.OBJECT,
            comment=objection.strip(),
        )


def confirm_application(
    *, by, application: Application, today=None, expected_version: int | None = None
) -> Entitlement:
    """After a notice without objection, confirm the grant and open the entitlement."""
    today = today or timezone.localdate()
    with transaction.atomic(), audit_context(user=by.pk, action="confirm_application"):
        application = _locked(application, expected_version=expected_version)
        if application.status != S.IN_NOTICE:
            raise StateError(_("Only an application on notice can be confirmed."))
        require_perm(by, "incentives.approve_bureau")
        if today < application.notice_ends_on:
            raise ValidationError(
                _("The public notice ends on %(day)s; confirm from that day.")
                % {"day": application.notice_ends_on.isoformat()}
            )
        if (
            Entitlement.objects.filter(
                person=application.person, scheme=application.scheme
            )
            .exclude(status=Entitlement.Status.TERMINATED)
            .exists()
        ):
            raise invalid("person", _("This person already holds this benefit."))
        _move(application, by=by, to=S.CONFIRMED, action=ReviewStep.Action.CONFIRM)
        if application.scheme.pay_every == application.scheme.PayEvery.YEAR:
            starts = date(application.year, 1, 1)
        else:
            starts = today.replace(day=1)
        return Entitlement.objects.create(
            scheme=application.scheme,
            category=application.category,
            person=application.person,
            payee=application.payee,
            child=application.child,
            village=application.village,
            application=application,
            starts_on=starts,
        )
