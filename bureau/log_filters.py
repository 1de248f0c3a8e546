"""Logging filters named in settings.LOGGING."""

import logging


class RefusalWithoutTraceback(logging.Filter):
    """A 403 is the permission rules working, not a fault: log its line, not a traceback.

    Django logs every PermissionDenied on "django.request" as a warning with the
    exception attached, so each refused click filled the log with a stack trace.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
