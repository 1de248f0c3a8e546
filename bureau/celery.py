"""The Celery app and the whole schedule of nightly jobs."""

import os

from celery import Celery, signals
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings")

app = Celery("bureau")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every scheduled job, in the order it runs each night (Asia/Shanghai).
# "expires" drops a run still queued when the next one is due.
BEAT_SCHEDULE: dict[str, dict] = {
    # Every 5 minutes, imports whose worker died are shown failed (retry or cancel).
    "bureau-recover-stale-imports": {
        "task": "bureau.tasks.recover_stale_imports_task",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 240},
    },
    # Every hour at :15, export files past their link's expiry are deleted.
    "bureau-expire-exports": {
        "task": "bureau.tasks.expire_exports_task",
        "schedule": crontab(minute=15),
        "options": {"expires": 3000},
    },
    # Every hour at :05, deadline clock warnings and escalations (each sent once).
    "bureau-clock-reminders": {
        "task": "bureau.tasks.send_clock_reminders_task",
        "schedule": crontab(minute=5),
        "options": {"expires": 3000},
    },
    # 02:00 register data-quality checks (duplicate numbers, heads, young mothers…).
    "households-quality-checks": {
        "task": "households.tasks.run_quality_checks_task",
        "schedule": crontab(hour=2, minute=0),
        "options": {"expires": 3600},
    },
    # 02:30 benefit entitlements checked against the register (deaths, moves): proposals
    # only, each confirmed by a person.
    "incentives-entitlement-changes": {
        "task": "incentives.tasks.propose_entitlement_changes_task",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 3600},
    },
    # 03:30 provisional scores and ranks of every issued, unpublished month (after the
    # register checks, whose findings it scores); fans out one task per township.
    "reports-nightly-ranking": {
        "task": "reports.tasks.nightly_ranking_task",
        "schedule": crontab(hour=3, minute=30),
        "options": {"expires": 3600},
    },
    # 08:00 township staff told how many check-up invitations still wait, 14, 7 and 3
    # days before an open campaign closes (counts per village, no names).
    "checkups-non-attender-reminders": {
        "task": "checkups.tasks.send_non_attender_reminders_task",
        "schedule": crontab(hour=8, minute=0),
        "options": {"expires": 3600},
    },
}
app.conf.beat_schedule = BEAT_SCHEDULE

_task_contexts: dict[str, object] = {}


@signals.task_prerun.connect
def _enter_audit_context(task_id=None, task=None, **_kwargs):
    """Changes made by a task are recorded with the task's name and id."""
    from bureau.audit import audit_context

    context = audit_context(task=task.name, task_id=task_id)
    context.__enter__()
    _task_contexts[task_id] = context


@signals.task_postrun.connect
def _leave_audit_context(task_id=None, **_kwargs):
    context = _task_contexts.pop(task_id, None)
    if context is not None:
        context.__exit__(None, None, None)
