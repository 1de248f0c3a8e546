"""The nightly data-quality checks of the register.

Each check is one set-based query that returns only the problem rows; the findings are
then merged into DataQualityIssue: a finding already open keeps its first_seen_on and
gets last_seen_on = today, a new one is opened, and an open issue no longer found is
resolved today. Running twice the same day writes nothing the second time.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.audit import audit_context
from bureau.models import Village
from households import selectors
from households.models import DataQualityIssue, Household, Person, QualityRun

Kind = DataQualityIssue.Kind
MINIMUM_MOTHER_AGE_YEARS = 15


@dataclass(frozen=True)
class Finding:
    kind: str
    person_id: int | None
    household_id: int | None
    township_id: str
    details: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple:
        return (self.kind, self.person_id, self.household_id)


def _tables() -> dict[str, str]:
    return {
        "person": Person._meta.db_table,
        "household": Household._meta.db_table,
        "village": Village._meta.db_table,
    }


# One row per record of a number that two or more records share. A record whose
# household is empty has no township of its own; it takes one of the other records'.
_DUPLICATES_SQL = """
WITH shared AS (
    SELECT id_number_hash FROM {person}
    WHERE id_number_hash <> ''
    GROUP BY id_number_hash HAVING count(*) > 1
), record AS (
    SELECT p.id, p.id_number_hash, p.household_id, v.township_id
    FROM {person} p
    JOIN shared USING (id_number_hash)
    LEFT JOIN {household} h ON h.id = p.household_id
    LEFT JOIN {village} v ON v.code = h.village_id
)
SELECT a.id, a.household_id, COALESCE(a.township_id, min(b.township_id)),
    array_agg(b.id ORDER BY b.id) FILTER (
        WHERE a.household_id IS NULL OR b.household_id IS NULL
            OR a.household_id = b.household_id
    ),
    array_agg(b.id ORDER BY b.id) FILTER (WHERE a.household_id <> b.household_id)
FROM record a
JOIN record b ON b.id_number_hash = a.id_number_hash AND b.id <> a.id
GROUP BY a.id, a.household_id, a.township_id
"""

_YOUNG_MOTHERS_SQL = """
SELECT c.id, c.household_id, COALESCE(cv.township_id, mv.township_id), m.id,
    date_part('year', age(c.birth_date, m.birth_date))::int
FROM {person} c
JOIN {person} m ON m.id = c.mother_id
LEFT JOIN {household} ch ON ch.id = c.household_id
LEFT JOIN {village} cv ON cv.code = ch.village_id
LEFT JOIN {household} mh ON mh.id = m.household_id
LEFT JOIN {village} mv ON mv.code = mh.village_id
WHERE c.birth_date < m.birth_date + make_interval(years => %s)
"""


def _fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**_tables()), params)
        return cursor.fetchall()


def find_duplicate_numbers() -> list[Finding]:
    """Records sharing an ID number: in the same household or without one (duplicate
    number), or in two different households (same person in two households)."""
    findings = []
    for person, household, township, same, other in _fetch(_DUPLICATES_SQL):
        if township is None:
            continue
        if same:
            findings.append(
                Finding(
                    Kind.DUPLICATE_NUMBER,
                    person,
                    household,
                    township,
                    {"others": same},
                )
            )
        if other:
            findings.append(
                Finding(
                    Kind.TWO_HOUSEHOLDS, person, household, township, {"others": other}
                )
            )
    return findings


def find_young_mothers() -> list[Finding]:
    """Children born before their recorded mother was 15 (the finding is on the child)."""
    return [
        Finding(
            Kind.YOUNG_MOTHER,
            child,
            household,
            township,
            {"mother": mother, "mother_age": age},
        )
        for child, household, township, mother, age in _fetch(
            _YOUNG_MOTHERS_SQL, [MINIMUM_MOTHER_AGE_YEARS]
        )
        if township is not None
    ]


def find_households_without_head() -> list[Finding]:
    """Active households whose head is empty or not one of its members."""
    households = (
        Household.objects.active()
        .filter(
            Q(head__isnull=True)
            | Q(head__household__isnull=True)
            | ~Q(head__household=F("pk"))
        )
        .values_list("pk", "village__township_id")
    )
    return [
        Finding(Kind.NO_HEAD, None, household, township)
        for household, township in households
    ]


def find_deceased_residents() -> list[Finding]:
    """Persons recorded as deceased whose residence status is still resident."""
    persons = Person.objects.filter(
        is_alive=False,
        residence_status=Person.ResidenceStatus.RESIDENT,
        household__isnull=False,
    ).values_list("pk", "household_id", "household__village__township_id")
    return [
        Finding(Kind.DECEASED_RESIDENT, person, household, township)
        for person, household, township in persons
    ]


CHECKS = (
    find_duplicate_numbers,
    find_young_mothers,
    find_households_without_head,
    find_deceased_residents,
)


def _merge(findings: list[Finding], *, today: date) -> None:
    open_issues = {
        (issue.kind, issue.person_id, issue.household_id): issue
        for issue in DataQualityIssue.objects.filter(resolved_on__isnull=True)
    }
    found = {finding.key: finding for finding in findings}
    seen, new = [], []
    for key, finding in found.items():
        issue = open_issues.get(key)
        if issue is None:
            new.append(
                DataQualityIssue(
                    kind=finding.kind,
                    person_id=finding.person_id,
                    household_id=finding.household_id,
                    township_id=finding.township_id,
                    details=finding.details,
                    first_seen_on=today,
                    last_seen_on=today,
                )
            )
            continue
        seen.append(issue.pk)
        if issue.details != finding.details or issue.township_id != (
            finding.township_id
        ):
            DataQualityIssue.objects.filter(pk=issue.pk).update(
                details=finding.details, township_id=finding.township_id
            )
    DataQualityIssue.objects.filter(pk__in=seen).exclude(last_seen_on=today).update(
        last_seen_on=today
    )
    gone = [issue.pk for key, issue in open_issues.items() if key not in found]
    DataQualityIssue.objects.filter(pk__in=gone).update(resolved_on=today)
    DataQualityIssue.objects.bulk_create(new, batch_size=1000)


def run_quality_checks(*, today: date, run_id: int | None = None) -> dict[str, int]:
    """Run every check and bring the open issues up to date; return open issues per kind.

    Idempotent: a second run the same day finds the same rows and writes no issue. Runs
    are serialised by an advisory lock so a retried task cannot interleave with another.
    Each run is recorded (QualityRun `run_id` when one was asked for on the page, else a
    new one) with when it started and finished and what it found, or that it failed.
    """
    run = _started(run_id)
    try:
        with transaction.atomic(), audit_context(task="quality_checks"):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(%s))",
                    ["households.quality_checks"],
                )
            findings = [finding for check in CHECKS for finding in check()]
            _merge(findings, today=today)
            counts = dict.fromkeys(Kind.values, 0)
            for key in {finding.key for finding in findings}:
                counts[key[0]] += 1
            _ended(run, QualityRun.Status.FINISHED, found=counts)
    except Exception:
        _ended(run, QualityRun.Status.FAILED)
        raise
    return counts


def _started(run_id: int | None) -> QualityRun:
    with audit_context(task="quality_checks"):
        run = QualityRun.objects.filter(pk=run_id).first() if run_id else None
        run = run or QualityRun.objects.create()
        run.status, run.started_at = QualityRun.Status.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at"])
    return run


def _ended(run: QualityRun, status: str, *, found: dict | None = None) -> None:
    with audit_context(task="quality_checks"):
        QualityRun.objects.filter(pk=run.pk).update(
            status=status, finished_at=timezone.now(), found=found or {}
        )


# --- running the checks now --------------------------------------------------------

RUN_PERMISSION = "households.run_quality_checks"


def may_run_quality_checks(user) -> bool:
    """Who may start the checks before tonight: those granted the permission."""
    return user.has_perm(RUN_PERMISSION)


def pending_run() -> QualityRun | None:
    """A run on its way; one older than a task may take died and no longer counts."""
    return selectors.pending_quality_run(
        within=timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    )


def request_quality_run(*, by) -> tuple[QualityRun, bool]:
    """Queue the checks for a worker now; (run, False) when one is already on its way.

    PermissionDenied unless `may_run_quality_checks`. Requests are serialised so two
    clicks queue one run.
    """
    from households.tasks import run_quality_checks_task

    if not may_run_quality_checks(by):
        raise PermissionDenied(_("You may not run the data-quality checks."))
    with transaction.atomic(), audit_context(user=by.pk, action="run_quality_checks"):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                ["households.quality_checks.request"],
            )
        waiting = pending_run()
        if waiting is not None:
            return waiting, False
        run = QualityRun.objects.create(requested_by=by)
        transaction.on_commit(lambda: run_quality_checks_task.delay(run_id=run.pk))
    return run, True
