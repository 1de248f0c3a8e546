"""The audit trail: database triggers on every domain table, plus read events.

Every insert, update and delete of a tracked model is written by a PostgreSQL
trigger (django-pghistory), so bulk writes, COPY and QuerySet.update() are
recorded too. Context (who, from which request or task) is attached by
`bureau.middleware.AuditContextMiddleware`, the Celery signal handlers in
`bureau.celery`, and `audit_context()` for commands and imports.

The triggers are statement-level with transition tables (`REFERENCING NEW TABLE`
/ `OLD TABLE`): one trigger call per INSERT, COPY, UPDATE or DELETE statement
writes one event row per changed row in a single INSERT ... SELECT, and the
context is attached once per statement instead of once per row. A row-level
trigger costs a function call, a context upsert and a one-row INSERT for every
row, which made COPY of the register 3x slower (docs/benchmarks.md). An update
that changes no tracked field still records nothing, as before.
"""

import pghistory
import pgtrigger


def audited(**options):
    """Class decorator: record inserts, updates and deletes of the model."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        level=pgtrigger.Statement,
        **options,
    )


def audit_context(**values):
    """Attach `values` (user id, task, job) to every change made inside the block."""
    return pghistory.context(**values)
