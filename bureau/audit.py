"""The audit trail: database triggers on every domain table, plus read events.

Every insert, update and delete of a tracked model is written by a PostgreSQL
trigger (django-pghistory), so bulk writes, COPY and QuerySet.update() are
recorded too. Context (who, from which request or task) is attached by
`bureau.middleware.AuditContextMiddleware`, the Celery signal handlers in
`bureau.celery`, and `audit_context()` for commands and imports.
"""

import pghistory


def audited(**options):
    """Class decorator: record inserts, updates and deletes of the model."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        **options,
    )


def audit_context(**values):
    """Attach `values` (user id, task, job) to every change made inside the block."""
    return pghistory.context(**values)
