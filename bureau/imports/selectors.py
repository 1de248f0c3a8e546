"""Reads of import jobs, scoped to the user."""

from typing import Any

from django.db.models import QuerySet

from bureau.models import ImportJob


def visible_import_jobs(user: Any, *, kind: str | None = None) -> QuerySet[ImportJob]:
    """Jobs `user` may open: their own; every job for those who read the audit trail.

    `kind` keeps the jobs of one importer ("households.register").
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ImportJob.objects.none()
    jobs = ImportJob.objects.select_related("created_by")
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    if user.has_perm("bureau.view_audit_trail"):
        return jobs
    return jobs.filter(created_by=user)
