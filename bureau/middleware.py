"""Attach who and where to every change the audit triggers record."""

from bureau.audit import audit_context


class AuditContextMiddleware:
    """Every database change made while serving a request carries its user and path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        with audit_context(user=user_id, url=request.path, method=request.method):
            return self.get_response(request)
