"""Idempotency-Key for API writes: a repeat of a request returns the first response.

The key is per user. A digest of the request (method, path, body) is stored beside the
response; the same key with a different request answers 422. Only responses below 500
are kept, so a crash can be retried with the same key.
"""

import functools
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from incentives.models import IdempotentRequest

HEADER = "Idempotency-Key"


def _request_digest(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str) if request.data else ""
    return hashlib.sha256(
        f"{request.method} {request.path}\n{body}".encode()
    ).hexdigest()


def _replay(stored: IdempotentRequest, digest: str) -> Response:
    if stored.request_digest != digest:
        return Response(
            {"detail": _("This Idempotency-Key was used for a different request.")},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    response = Response(json.loads(stored.body), status=stored.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(method):
    """Wrap a viewset action so that a repeated Idempotency-Key replays its response."""

    @functools.wraps(method)
    def wrapper(self, request, *args, **kwargs):
        key = (request.headers.get(HEADER) or "").strip()[:200]
        if not key:
            return method(self, request, *args, **kwargs)
        digest = _request_digest(request)
        stored = IdempotentRequest.objects.filter(user=request.user, key=key).first()
        if stored is not None:
            return _replay(stored, digest)
        response = method(self, request, *args, **kwargs)
        if response.status_code < 500:
            try:
                with transaction.atomic():
                    IdempotentRequest.objects.create(
                        user=request.user,
                        key=key,
                        request_digest=digest,
                        status_code=response.status_code,
                        body=json.dumps(response.data, default=str),
                    )
            except IntegrityError:
                stored = IdempotentRequest.objects.get(user=request.user, key=key)
                return _replay(stored, digest)
        return response

    return wrapper
