"""Reading the register. Every read other code needs starts here, scoped to a user."""

from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from bureau import crypto
from bureau.models import User
from bureau.roles import Role
from bureau.scoping import within_townships
from households.derived import ID_LOOKUP
from households.idnumbers import convert_legacy_15, normalize_id_number
from households.models import (
    Correction,
    DataQualityIssue,
    Household,
    MigrantRecord,
    Person,
    QualityRun,
    ReconciliationItem,
    SourceBatch,
)
from households.names import normalize_name


def id_number_hash(number: str) -> str:
    """The lookup hash stored beside an encrypted ID number."""
    return crypto.blind_index(normalize_id_number(number), purpose=ID_LOOKUP)


def whole_id_number(query: str) -> str:
    """The 18-character number a search query holds, or "" when it is not a whole ID number.

    A legacy 15-digit number is converted. Callers use this to keep such queries out of URLs.
    """
    compact = normalize_id_number(normalize_name(query or ""))
    if len(compact) == 15 and compact.isdigit():
        compact = convert_legacy_15(compact)
    return compact if len(compact) == 18 and compact[:-1].isdigit() else ""


def looks_like_id_number(query: str) -> bool:
    """True when `search_persons` would treat `query` as a whole ID number."""
    return bool(whole_id_number(query))


def visible_households(user) -> QuerySet[Household]:
    """Households in the townships `user` may see."""
    return within_townships(Household.objects.all(), user, via="village__township")


def visible_persons(user) -> QuerySet[Person]:
    """Persons whose household lies in the townships `user` may see."""
    return within_townships(
        Person.objects.all(), user, via="household__village__township"
    )


def visible_migrant_records(user) -> QuerySet[MigrantRecord]:
    """Inflow and outflow records of persons `user` may see."""
    return within_townships(
        MigrantRecord.objects.all(), user, via="person__household__village__township"
    )


def visible_corrections(user) -> QuerySet[Correction]:
    """Corrections of persons `user` may see."""
    return within_townships(
        Correction.objects.all(), user, via="person__household__village__township"
    )


def visible_reconciliation_items(user) -> QuerySet[ReconciliationItem]:
    """Queue items of the user's townships; unplaced items only for bureau-wide roles."""
    return within_townships(ReconciliationItem.objects.all(), user, via="township")


def visible_source_batches(user) -> QuerySet[SourceBatch]:
    """Hospital and police files `user` uploaded, newest first, with their item counts."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SourceBatch.objects.none()
    return (
        SourceBatch.objects.filter(imported_by=user)
        .annotate(item_count=Count("items"))
        .order_by("-imported_at")
    )


def visible_quality_issues(user) -> QuerySet[DataQualityIssue]:
    """Data-quality findings in the townships `user` may see."""
    return within_townships(DataQualityIssue.objects.all(), user, via="township")


def search_persons(user, query: str) -> QuerySet[Person]:
    """Persons matching a name, pinyin, pinyin initials or a full ID number.

    A query that looks like a whole ID number is matched exactly through the
    lookup hash; anything else matches names and every pinyin reading.
    """
    persons = visible_persons(user)
    text = normalize_name(query or "")
    if not text:
        return persons.none()
    number = whole_id_number(text)
    if number:
        return persons.filter(id_number_hash=id_number_hash(number))
    lowered = text.lower().replace(" ", "")
    return persons.filter(
        Q(name__contains=text)
        | Q(name_initials__startswith=lowered)
        | Q(name_pinyin__startswith=lowered)
        | Q(name_search__contains=lowered)
    )


def grid_staff_candidates(*, townships: Any) -> QuerySet[User]:
    """Active township staff serving one of `townships` (codes or a Township queryset).

    The grid staff of a household is one of them for its township (the register
    services refuse anyone else); forms offer them for the townships a user sees.
    System accounts (no usable password, such as the demo loader, or superusers) are
    never grid staff: nobody can act as them on the ground.
    """
    return (
        User.objects.filter(role=Role.STAFF, is_active=True, townships__in=townships)
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(is_superuser=True)
        .distinct()
        .order_by("full_name", "username")
    )


# --- the dashboard and the data-quality runs ----------------------------------------


def resident_count(user) -> int:
    """Living persons in the user's townships who live there (resident or moved in)."""
    return (
        visible_persons(user)
        .filter(
            is_alive=True,
            residence_status__in=[
                Person.ResidenceStatus.RESIDENT,
                Person.ResidenceStatus.MOVED_IN,
            ],
        )
        .count()
    )


def household_count(user) -> int:
    """Households in the user's townships that are not dissolved."""
    return visible_households(user).filter(dissolved_on__isnull=True).count()


def corrections_waiting_for(user) -> QuerySet[Correction]:
    """Pending corrections in the user's townships that the user did not raise (four eyes)."""
    return waiting_for(visible_corrections(user), user)


def waiting_for(corrections: QuerySet[Correction], user) -> QuerySet[Correction]:
    """Those of `corrections` still pending that someone other than `user` raised."""
    return corrections.filter(status=Correction.Status.PENDING).exclude(raised_by=user)


def open_quality_issues(user) -> QuerySet[DataQualityIssue]:
    """Data-quality findings in the user's townships that are not resolved."""
    return visible_quality_issues(user).filter(resolved_on__isnull=True)


def open_reconciliation_items(user) -> QuerySet[ReconciliationItem]:
    """Queue items the user sees that nobody has decided yet."""
    return visible_reconciliation_items(user).filter(
        status=ReconciliationItem.Status.OPEN
    )


def last_quality_run() -> QualityRun | None:
    """The latest data-quality run that finished or failed (the checks are district-wide)."""
    return (
        QualityRun.objects.filter(
            status__in=[QualityRun.Status.FINISHED, QualityRun.Status.FAILED]
        )
        .select_related("requested_by")
        .order_by("-finished_at", "-pk")
        .first()
    )


def pending_quality_run(*, within: timedelta) -> QualityRun | None:
    """A run waiting or running, asked for less than `within` ago (an older one died)."""
    return (
        QualityRun.objects.filter(
            status__in=[QualityRun.Status.QUEUED, QualityRun.Status.RUNNING],
            requested_at__gte=timezone.now() - within,
        )
        .order_by("-requested_at")
        .first()
    )
