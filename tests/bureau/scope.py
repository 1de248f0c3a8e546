"""Core rows for the scope probe (see tests/scope.py)."""

from django.core.files.base import ContentFile

from bureau.imports import start_import
from tests.scope import scope_factory


@scope_factory("bureau.Township")
def township(*, village, user):
    return village.township


@scope_factory("bureau.Village")
def village_row(*, village, user):
    return village


@scope_factory("bureau.ImportJob")
def import_job(*, village, user):
    return start_import(
        by=user,
        kind="households.register",
        file=ContentFile(b"household_no\n"),
        filename="register.csv",
    )


@scope_factory("bureau.Attachment")
def attachment(*, village, user):
    from bureau.attachments import attach_file
    from tests.bureau.attachment_files import PDF

    return attach_file(
        by=user,
        to=village,
        township=village.township,
        file=ContentFile(PDF),
        filename="scan.pdf",
    )


@scope_factory("bureau.ExportJob")
def export_job(*, village, user):
    """A queued export: it belongs to its requester, whatever the township."""
    from bureau.models import ExportJob

    return ExportJob.objects.create(kind="tests.villages", requested_by=user, fmt="csv")


@scope_factory("bureau.DeadlineClock")
def deadline_clock(*, village, user):
    from bureau.clocks import start_clock
    from bureau.models import DeadlineClock

    return start_clock(
        subject=village,
        township=village.township,
        kind="probe",
        label="probe",
        days=5,
        unit=DeadlineClock.Unit.WORKING,
        by=user,
    )


@scope_factory("bureau.LoginSession")
def login_session(*, village, user):
    """A login session: its owner may end it; anyone else's answers like a missing one."""
    import uuid

    from bureau.models import LoginSession

    return LoginSession.objects.create(user=user, session_key=uuid.uuid4().hex)
