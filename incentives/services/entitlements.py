"""Entitlements: suspend, resume, terminate; and the register changes proposed nightly.

The nightly job only proposes (death, moving out of the district, a disabled child who
later died); a person confirms or dismisses each proposal, and only then does the
entitlement change.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.audit import audit_context
from incentives.amounts import RateTable, amount_for
from incentives.models import Entitlement, EntitlementChange, PayoutLine
from incentives.models.payouts import LineStatus
from incentives.periods import Month
from incentives.services._common import invalid, require_perm
from incentives.services.errors import StateError

E = Entitlement.Status
# The category a special-assistance entitlement moves to when the disabled child dies.
DIED_CATEGORY = "child_died"
DISABLED_CATEGORY = "child_disabled"


def _locked(entitlement: Entitlement) -> Entitlement:
    return Entitlement.objects.select_for_update().get(pk=entitlement.pk)


def _set(entitlement: Entitlement, **changes) -> Entitlement:
    for name, value in changes.items():
        setattr(entitlement, name, value)
    entitlement.version += 1
    entitlement.save()
    return entitlement


def suspend_entitlement(*, by, entitlement: Entitlement, reason: str) -> Entitlement:
    """Stop paying for now (e.g. the card was closed); nothing is lost."""
    with transaction.atomic(), audit_context(user=by.pk, action="suspend_entitlement"):
        require_perm(by, "incentives.change_entitlement")
        entitlement = _locked(entitlement)
        if entitlement.status != E.ACTIVE:
            raise StateError(_("Only an active entitlement can be suspended."))
        if not (reason or "").strip():
            raise invalid("reason", _("Say why payments stop."))
        return _set(entitlement, status=E.SUSPENDED, status_reason=reason.strip()[:300])


def resume_entitlement(*, by, entitlement: Entitlement, reason: str) -> Entitlement:
    """Pay again after a suspension."""
    with transaction.atomic(), audit_context(user=by.pk, action="resume_entitlement"):
        require_perm(by, "incentives.change_entitlement")
        entitlement = _locked(entitlement)
        if entitlement.status != E.SUSPENDED:
            raise StateError(_("Only a suspended entitlement can be resumed."))
        return _set(
            entitlement, status=E.ACTIVE, status_reason=(reason or "").strip()[:300]
        )


def terminate_entitlement(
    *, by, entitlement: Entitlement, reason: str, effective_on: date
) -> Entitlement:
    """End the entitlement: nothing is paid for months from `effective_on` on."""
    with (
        transaction.atomic(),
        audit_context(user=by.pk, action="terminate_entitlement"),
    ):
        require_perm(by, "incentives.change_entitlement")
        entitlement = _locked(entitlement)
        if entitlement.status == E.TERMINATED:
            raise StateError(_("This entitlement has already ended."))
        if not (reason or "").strip():
            raise invalid("reason", _("Say why the entitlement ends."))
        last_day = max(effective_on, entitlement.starts_on) - timedelta(days=1)
        return _set(
            entitlement,
            status=E.TERMINATED,
            status_reason=reason.strip()[:300],
            ends_on=last_day,
        )


def overpayment_after_death(entitlement: Entitlement, *, died_on: date) -> Decimal:
    """Money sent or paid for months after the month of death, to be recovered."""
    scheme = entitlement.scheme
    table = RateTable.for_scheme(scheme)
    total = Decimal(0)
    lines = PayoutLine.objects.filter(
        entitlement=entitlement, status__in=[LineStatus.SENT, LineStatus.PAID]
    )
    for line in lines:
        owed = amount_for(
            scheme=scheme,
            table=table,
            period=line.period,
            category=entitlement.category,
            starts_on=entitlement.starts_on,
            ends_on=entitlement.ends_on,
            died_on=died_on,
            birth_date=entitlement.person.birth_date,
        )
        total += max(line.amount - owed, Decimal(0))
    return total


def _propose(entitlement, *, kind, effective_on, reason, **extra) -> bool:
    try:
        with transaction.atomic():
            _, created = EntitlementChange.objects.get_or_create(
                entitlement=entitlement,
                kind=kind,
                status=EntitlementChange.Status.PROPOSED,
                defaults={
                    "effective_on": effective_on,
                    "reason": reason[:300],
                    **extra,
                },
            )
    except IntegrityError:
        return False
    return created


def propose_entitlement_changes(*, today: date | None = None) -> int:
    """Find entitlements the register says should change; propose each once.

    Safe to rerun: an open proposal of the same kind is not repeated, and a dismissed
    one is not proposed again for the same fact.
    """
    today = today or timezone.localdate()
    created = 0
    live = Entitlement.objects.exclude(status=E.TERMINATED).select_related(
        "person", "child", "scheme"
    )
    decided = set(
        EntitlementChange.objects.exclude(status=EntitlementChange.Status.PROPOSED)
        .filter(entitlement__in=live)
        .values_list("entitlement_id", "kind")
    )
    with audit_context(action="propose_entitlement_changes"):
        for entitlement in live.filter(person__is_alive=False):
            if (entitlement.pk, EntitlementChange.Kind.DEATH) in decided:
                continue
            died = entitlement.person.died_on or today
            created += _propose(
                entitlement,
                kind=EntitlementChange.Kind.DEATH,
                effective_on=Month.of(died).next().start,
                reason=_("The register records the death on %(day)s.")
                % {"day": died.isoformat()},
                overpayment=overpayment_after_death(entitlement, died_on=died),
            )
        for entitlement in live.filter(
            person__is_alive=True, person__residence_status="moved_away"
        ):
            if (entitlement.pk, EntitlementChange.Kind.MOVED_AWAY) in decided:
                continue
            created += _propose(
                entitlement,
                kind=EntitlementChange.Kind.MOVED_AWAY,
                effective_on=Month.of(today).next().start,
                reason=_("The register records a move out of the district."),
            )
        for entitlement in live.filter(
            category=DISABLED_CATEGORY, child__is_alive=False, person__is_alive=True
        ):
            if (entitlement.pk, EntitlementChange.Kind.CATEGORY) in decided:
                continue
            died = entitlement.child.died_on or today
            created += _propose(
                entitlement,
                kind=EntitlementChange.Kind.CATEGORY,
                effective_on=Month.of(died).next().start,
                new_category=DIED_CATEGORY,
                reason=_("The register records the child's death on %(day)s.")
                % {"day": died.isoformat()},
            )
        created += _propose_new_children(live, decided)
    return created


def _propose_new_children(live, decided) -> int:
    """Schemes whose parameters say `ends_on_new_child` (特扶, the only-child reward) end
    when the register shows a child born to the beneficiary after the entitlement began;
    nothing paid before is recovered."""
    from households.models import Person

    created = 0
    for entitlement in live.filter(scheme__parameters__ends_on_new_child=True):
        if (entitlement.pk, EntitlementChange.Kind.NEW_CHILD) in decided:
            continue
        child = (
            Person.objects.filter(
                Q(mother_id=entitlement.person_id) | Q(father_id=entitlement.person_id),
                birth_date__gte=entitlement.starts_on,
            )
            .order_by("birth_date")
            .first()
        )
        if child is None:
            continue
        created += _propose(
            entitlement,
            kind=EntitlementChange.Kind.NEW_CHILD,
            effective_on=Month.of(child.birth_date).next().start,
            reason=_(
                "The register records a child born on %(day)s; the scheme ends then, "
                "without recovering what was paid."
            )
            % {"day": child.birth_date.isoformat()},
        )
    return created


def decide_entitlement_change(
    *, by, change: EntitlementChange, confirm: bool, note: str = ""
) -> EntitlementChange:
    """A person confirms (and the entitlement changes) or dismisses a proposal."""
    with (
        transaction.atomic(),
        audit_context(user=by.pk, action="decide_entitlement_change"),
    ):
        require_perm(by, "incentives.change_entitlementchange")
        change = EntitlementChange.objects.select_for_update().get(pk=change.pk)
        if change.status != EntitlementChange.Status.PROPOSED:
            raise StateError(_("This proposal is already decided."))
        if not confirm and not (note or "").strip():
            raise invalid("note", _("Say why the proposal is dismissed."))
        entitlement = _locked(change.entitlement)
        if confirm:
            if change.kind == EntitlementChange.Kind.CATEGORY:
                _switch_category(by=by, entitlement=entitlement, change=change)
            elif entitlement.status != E.TERMINATED:
                terminate_entitlement(
                    by=by,
                    entitlement=entitlement,
                    reason=change.reason,
                    effective_on=change.effective_on,
                )
        change.status = (
            EntitlementChange.Status.CONFIRMED
            if confirm
            else EntitlementChange.Status.DISMISSED
        )
        change.decided_by = by
        change.decided_at = timezone.now()
        change.decision_note = (note or "").strip()[:300]
        change.save()
        return change


def _switch_category(
    *, by, entitlement: Entitlement, change: EntitlementChange
) -> None:
    """End the old category the month before, open the new one from the change date."""
    terminate_entitlement(
        by=by,
        entitlement=entitlement,
        reason=change.reason,
        effective_on=change.effective_on,
    )
    Entitlement.objects.create(
        scheme=entitlement.scheme,
        category=change.new_category,
        person=entitlement.person,
        payee=entitlement.payee,
        child=entitlement.child,
        village=entitlement.village,
        starts_on=change.effective_on,
        status_reason=change.reason,
    )
