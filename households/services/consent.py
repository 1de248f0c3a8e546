"""Consent: record it, withdraw it, and the one question every service asks.

A service that processes personal data for a voluntary purpose calls
`require_consent(person, purpose)` inside its own transaction before it does anything.
That locks the active consent row (FOR SHARE), so a withdrawal recorded at the same time
waits until the processing transaction ends, and every call after the withdrawal has
committed is refused: processing stops from the moment of withdrawal. Bulk work (an
invitation run) narrows its persons with `with_consent(persons, purpose)` in the same way.
"""

from datetime import datetime
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.attachments import attach_file
from bureau.models import User
from bureau.scoping import within_townships
from households.models import Consent, Person
from households.models.consent import Method, Purpose


class ConsentMissing(PermissionDenied):
    """The person has no consent in force for the purpose; nothing may be processed."""

    def __init__(self, person: Person, purpose: str) -> None:
        self.person = person
        self.purpose = purpose
        super().__init__(
            _("%(person)s has not consented to %(purpose)s (or has withdrawn).")
            % {"person": person, "purpose": Purpose(purpose).label}
        )


def visible_consents(user) -> QuerySet[Consent]:
    """Consent records of persons whose household lies in the townships `user` may see."""
    return within_townships(
        Consent.objects.select_related("person", "scan", "recorded_by", "withdrawn_by"),
        user,
        via="person__household__village__township",
    )


def _active(person: Person | int, purpose: str) -> QuerySet[Consent]:
    person_id = person.pk if isinstance(person, Person) else person
    return Consent.objects.filter(
        person_id=person_id,
        purpose=purpose,
        withdrawn_at__isnull=True,
        given_at__lte=timezone.now(),
    )


def has_consent(person: Person | int, purpose: str) -> bool:
    """Whether `person` has a consent in force for `purpose` right now."""
    return _active(person, purpose).exists()


def require_consent(person: Person, purpose: str) -> Consent:
    """The consent in force for `purpose`, locked until the caller's transaction ends.

    Raises ConsentMissing when there is none. Call it inside the transaction that does
    the processing, so that a concurrent withdrawal takes effect before or after it,
    never during it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "require_consent() belongs inside the processing transaction."
        )
    consent = _active(person, purpose).select_for_update(of=("self",)).first()
    if consent is None:
        raise ConsentMissing(person, purpose)
    return consent


def with_consent(persons: QuerySet[Person], purpose: str) -> QuerySet[Person]:
    """`persons` narrowed to those with a consent in force for `purpose`."""
    return persons.filter(
        Exists(
            Consent.objects.filter(
                person=OuterRef("pk"),
                purpose=purpose,
                withdrawn_at__isnull=True,
                given_at__lte=timezone.now(),
            )
        )
    )


def _check_may_record(by: User, person: Person) -> None:
    from households.selectors import visible_persons

    if not by.has_perm("households.add_consent") or not (
        visible_persons(by).filter(pk=person.pk).exists()
    ):
        raise PermissionDenied(_("You may not record consent for this person."))


@transaction.atomic
def record_consent(
    *,
    by: User,
    person: Person,
    purpose: str,
    text_version: str,
    method: str,
    given_at: datetime | None = None,
    scope: str = "",
    guardian_name: str = "",
    scan: IO[bytes] | None = None,
    scan_name: str = "",
) -> Consent:
    """Record that `person` consented to `purpose` having been shown `text_version`.

    A paper consent needs the scan of the signed form (attached to the person and
    checked like any attachment). One consent per purpose is in force at a time: a
    person who already consented must withdraw before consenting again to a new text.
    Raises ValidationError naming the field; nothing is written when it does (the
    duplicate check runs before the scan is stored; the constraint settles a race).
    """
    _check_may_record(by, person)
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Unknown purpose %s.") % purpose})
    if method not in Method.values:
        raise ValidationError(
            {"method": _("Unknown way of giving consent %s.") % method}
        )
    if not text_version.strip():
        raise ValidationError(
            {"text_version": _("Name the version of the consent text shown.")}
        )
    now = timezone.now()
    given_at = given_at or now
    if given_at > now:
        raise ValidationError({"given_at": _("Consent cannot be given in the future.")})
    if method == Method.PAPER and scan is None:
        raise ValidationError(
            {"scan": _("A paper consent needs the scan of the signed form.")}
        )
    if Consent.objects.filter(
        person=person, purpose=purpose, withdrawn_at__isnull=True
    ).exists():
        raise _already_consented(person, purpose)
    attachment = None
    if scan is not None:
        if person.household is None:
            raise ValidationError(
                {
                    "scan": [
                        _(
                            "A scan is filed under the household's township; this "
                            "person belongs to no household."
                        )
                    ]
                }
            )
        attachment = attach_file(
            by=by,
            to=person,
            township=person.household.village.township_id,
            file=scan,
            filename=scan_name,
            description=_("Consent form: %(purpose)s")
            % {"purpose": Purpose(purpose).label},
        )
    try:
        with transaction.atomic():
            return Consent.objects.create(
                person=person,
                purpose=purpose,
                text_version=text_version.strip(),
                scope=scope.strip(),
                given_at=given_at,
                method=method,
                guardian_name=guardian_name.strip(),
                scan=attachment,
                recorded_by=by,
            )
    except IntegrityError as error:
        if "one_active_consent_per_purpose" not in str(error):
            raise
        raise _already_consented(person, purpose) from error


def _already_consented(person: Person, purpose: str) -> ValidationError:
    return ValidationError(
        {
            "purpose": _(
                "%(person)s already consented to %(purpose)s; withdraw that "
                "consent before recording a new one."
            )
            % {"person": person, "purpose": Purpose(purpose).label}
        }
    )


@transaction.atomic
def withdraw_consent(*, by: User, consent: Consent, note: str = "") -> Consent:
    """Withdraw `consent` now; processing for its purpose stops from this moment.

    Waits for any processing transaction holding the consent (require_consent) to end.
    Withdrawing a consent already withdrawn changes nothing and returns it as it is.
    """
    if not by.has_perm("households.change_consent") or not (
        visible_consents(by).filter(pk=consent.pk).exists()
    ):
        raise PermissionDenied(_("You may not withdraw this consent."))
    Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_by=by, withdrawal_note=note.strip()
    )
    consent.refresh_from_db()
    return consent
