"""Corrections (信息纠错): the only way a person's core facts change, with four eyes."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import crypto
from bureau.audit import audit_context
from bureau.masking import mask_id_number
from bureau.services import notify
from households import selectors
from households.derived import id_columns, name_columns, surname_readings
from households.idnumbers import IdCheck
from households.models import Correction, Household, Person
from households.models.corrections import CORE_FACTS
from households.models.person import Relation, Sex
from households.names import normalize_name
from households.services import rules
from households.services.errors import ConflictError

APPROVE_PERMISSION = "households.approve_correction"


def facts_of(person: Person, keys) -> dict:
    """The person's core facts as a correction stores them (ID number encrypted, ISO dates)."""
    values = {
        "name": person.name,
        "id_number": person.id_number_encrypted,
        "sex": person.sex,
        "birth_date": _iso(person.birth_date),
        "household": person.household_id,
        "is_alive": person.is_alive,
        "died_on": _iso(person.died_on),
    }
    return {key: values[key] for key in keys}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _plain_number(token: str) -> str:
    return crypto.decrypt(token) if token else ""


def _same(key: str, stored, current) -> bool:
    if key == "id_number":
        return _plain_number(stored) == _plain_number(current)
    return stored == current


def _as_date(field: str, value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise rules.invalid(field, _("Enter a valid date.")) from exc


def _proposal(by, person: Person, changes: dict, *, today: date) -> dict:
    """Validate the changes against the person; return the final value of each changed fact."""
    unknown = sorted(set(changes) - set(CORE_FACTS))
    if unknown:
        raise rules.invalid(
            "changes",
            _("These are not core facts: %(keys)s") % {"keys": ", ".join(unknown)},
        )
    new: dict = {}
    if "name" in changes:
        new["name"] = normalize_name(changes["name"] or "")
        if not new["name"]:
            raise rules.invalid("name", _("Enter the name."))
    if "sex" in changes:
        if changes["sex"] not in Sex.values:
            raise rules.invalid("sex", _("Choose male or female."))
        new["sex"] = changes["sex"]
    if "birth_date" in changes:
        new["birth_date"] = _as_date("birth_date", changes["birth_date"])
        if new["birth_date"] is None:
            raise rules.invalid("birth_date", _("Enter the birth date."))
    number = changes.get("id_number")
    check = _check_number(
        number if number is not None else _plain_number(person.id_number_encrypted),
        person=person,
        sex=new.get("sex", person.sex if "id_number" not in changes else None),
        birth_date=new.get(
            "birth_date", person.birth_date if "id_number" not in changes else None
        ),
        today=today,
    )
    if number is not None:
        if check is None:  # the change names an empty number
            raise rules.invalid("id_number", _("This is not a valid ID number."))
        new["id_number"] = check
        new.setdefault("sex", check.sex or person.sex)
        new.setdefault("birth_date", check.birth_date or person.birth_date)
    if "household" in changes:
        target = changes["household"]
        if not isinstance(target, Household):
            target = Household.objects.filter(pk=target).first()
        if target is None:
            raise rules.invalid("household", _("Choose a household."))
        rules.require_visible_household(by, target)
        new["household"] = target
    _death(person, changes, new, today=today)
    return new


def _check_number(
    number: str, *, person: Person, sex, birth_date, today
) -> IdCheck | None:
    if not number:
        return None
    return rules.checked_id_number(
        number,
        document_type=person.document_type,
        sex=sex,
        birth_date=birth_date,
        today=today,
    )


def _death(person: Person, changes: dict, new: dict, *, today: date) -> None:
    if "is_alive" not in changes and "died_on" not in changes:
        return
    alive = changes.get("is_alive", person.is_alive)
    if alive not in (True, False):
        raise rules.invalid("is_alive", _("Say whether the person is alive."))
    died_on = _as_date("died_on", changes.get("died_on", person.died_on))
    if alive:
        died_on = None
    elif died_on is None:
        raise rules.invalid("died_on", _("Enter the date of death."))
    elif died_on > today:
        raise rules.invalid("died_on", _("The date of death cannot be in the future."))
    elif died_on < new.get("birth_date", person.birth_date):
        raise rules.invalid("died_on", _("The date of death is before the birth date."))
    new["is_alive"], new["died_on"] = alive, died_on


def _stored(key: str, value):
    if key == "id_number":
        return crypto.encrypt(value.number)
    if key == "household":
        return value.pk
    if isinstance(value, date):
        return value.isoformat()
    return value


def raise_correction(
    *,
    by,
    person: Person,
    changes: dict,
    reason: str,
    source: str = Correction.Source.STAFF,
) -> Correction:
    """Propose a change of core facts; nothing changes until another user approves it.

    Facts that would not change are dropped; an ID number change also records the sex and
    birth date it implies. The values are checked now and again on approval.
    """
    today = timezone.localdate()
    with transaction.atomic(), audit_context(user=by.pk, action="raise_correction"):
        rules.require_visible_person(by, person)
        person = Person.objects.get(pk=person.pk)
        if not (reason or "").strip():
            raise rules.invalid("reason", _("Give the reason for the correction."))
        new = _proposal(by, person, dict(changes), today=today)
        current = facts_of(person, new)
        after = {
            key: _stored(key, value)
            for key, value in new.items()
            if not _same(key, _stored(key, value), current[key])
        }
        if "id_number" in after:
            rules.refuse_duplicate_number(
                id_columns(new["id_number"])["id_number_hash"], person_pk=person.pk
            )
        if not after:
            raise rules.invalid("changes", _("The correction changes nothing."))
        return Correction.objects.create(
            person=person,
            before={key: current[key] for key in after},
            after=after,
            reason=reason.strip(),
            source=source,
            raised_by=by,
        )


def may_approve_correction(user, correction: Correction) -> bool:
    """Four eyes: someone with the approve permission other than the raiser, while pending."""
    return (
        correction.status == Correction.Status.PENDING
        and user.has_perm(APPROVE_PERMISSION)
        and correction.raised_by_id != user.pk
    )


def may_withdraw_correction(user, correction: Correction) -> bool:
    """The raiser may take back their pending correction (it is closed as rejected)."""
    return (
        correction.status == Correction.Status.PENDING
        and correction.raised_by_id == user.pk
        and user.has_perm(APPROVE_PERMISSION)
    )


def _locked_pending(by, correction: Correction) -> Correction:
    if not by.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied(_("You may not decide corrections."))
    if not selectors.visible_corrections(by).filter(pk=correction.pk).exists():
        raise PermissionDenied(_("This correction is not in your townships."))
    locked = Correction.objects.select_for_update().get(pk=correction.pk)
    if locked.status != Correction.Status.PENDING:
        raise rules.invalid(
            "status",
            _("This correction was already decided (%(status)s).")
            % {"status": locked.get_status_display()},
        )
    return locked


def _notify_raiser(correction: Correction, title: str, body: str = "") -> None:
    try:
        link = reverse("households:correction-detail", args=[correction.pk])
    except NoReverseMatch:
        link = ""
    notify(recipients=[correction.raised_by], title=title, body=body, link=link)


def approve_correction(*, by, correction: Correction) -> Correction:
    """Apply a pending correction approved by someone other than its raiser.

    PermissionDenied for the raiser or a user without households.approve_correction;
    ConflictError (current = the person) when the facts changed since it was raised.
    """
    today = timezone.localdate()
    with transaction.atomic(), audit_context(user=by.pk, action="approve_correction"):
        locked = _locked_pending(by, correction)
        if not may_approve_correction(by, locked):
            raise PermissionDenied(
                _("Another user must approve a correction you raised.")
            )
        person = Person.objects.select_for_update().get(pk=locked.person_id)
        now = facts_of(person, locked.before)
        if not all(_same(key, value, now[key]) for key, value in locked.before.items()):
            raise ConflictError(
                current=person,
                message=_(
                    "The person's facts changed since this correction was raised; "
                    "raise it again."
                ),
            )
        changes = {
            key: _plain_number(value) if key == "id_number" else value
            for key, value in locked.after.items()
        }
        _apply(by, person, _proposal(by, person, changes, today=today))
        locked.status = Correction.Status.APPLIED
        locked.decided_by, locked.decided_at = by, timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        _notify_raiser(
            locked,
            _("Your correction of %(person)s was approved.") % {"person": person},
        )
        return locked


def _apply(by, person: Person, new: dict) -> None:
    check = new.pop("id_number", None)
    if check is not None:
        columns = id_columns(check)
        rules.refuse_duplicate_number(columns["id_number_hash"], person_pk=person.pk)
        for field, value in columns.items():
            setattr(person, field, value)
    if "name" in new:
        for field, value in name_columns(
            new.pop("name"),
            manual_pinyin=person.manual_pinyin,
            surname_readings=surname_readings(),
        ).items():
            setattr(person, field, value)
    target = new.pop("household", None)
    if target is not None and target.pk != person.household_id:
        _leave_household(person)
        person.household = target
    for field, value in new.items():
        setattr(person, field, value)
    person.version += 1
    person.save()


def _leave_household(person: Person) -> None:
    """A person moving out stops being the old household's head."""
    if person.household_id is not None:
        old = Household.objects.select_for_update().get(pk=person.household_id)
        if old.head_id == person.pk:
            old.head = None
            old.version += 1
            old.save(update_fields=["head", "version", "updated_at"])
    if person.relation_to_head == Relation.HEAD:
        person.relation_to_head = Relation.OTHER


def reject_correction(*, by, correction: Correction, note: str) -> Correction:
    """Close a pending correction unapplied, with a note; the raiser may withdraw their own."""
    with transaction.atomic(), audit_context(user=by.pk, action="reject_correction"):
        if not (note or "").strip():
            raise rules.invalid("note", _("Say why the correction is rejected."))
        locked = _locked_pending(by, correction)
        locked.status = Correction.Status.REJECTED
        locked.decided_by, locked.decided_at = by, timezone.now()
        locked.decision_note = note.strip()
        locked.save(
            update_fields=["status", "decided_by", "decided_at", "decision_note"]
        )
        if locked.raised_by_id != by.pk:
            _notify_raiser(
                locked,
                _("Your correction of %(person)s was rejected.")
                % {"person": locked.person},
                locked.decision_note,
            )
        return locked


def correction_changes(correction: Correction) -> list[dict]:
    """Rows of field, before and after for display, ID numbers masked."""
    rows = []
    for key, after in correction.after.items():
        before = correction.before.get(key)
        if key == "id_number":
            before = mask_id_number(_plain_number(before or ""))
            after = mask_id_number(_plain_number(after or ""))
        rows.append({"field": key, "before": before, "after": after})
    return rows
