"""Optimistic concurrency and service errors for every app's API.

Detail answers carry `ETag: "<version>"`; PUT/PATCH need `If-Match` (428 without it,
412 with the current record when it is stale). A service's ValidationError becomes
a 400 with field errors. A viewset mixes in VersionedMixin and implements
`save_changes(instance, data, version)` by calling its service, which locks the row
with bureau.concurrency.lock_version.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from bureau.concurrency import ConflictError

IF_MATCH = OpenApiParameter(
    "If-Match",
    {"type": "string", "pattern": r'^(W/)?"?[0-9]+"?$'},
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the version you edited, e.g. "3"; 428 without it '
    "(or with anything but an ETag), 412 when the record has changed since.",
)


class ConflictSerializer(serializers.Serializer):
    """Body of a 412: the message and the record as it is now."""

    detail = serializers.CharField()
    current = serializers.JSONField()


CONFLICT = OpenApiResponse(
    ConflictSerializer, description="Stale version; `current` is the record now."
)
WRITE_RESPONSES = {
    400: OpenApiResponse(description="Invalid fields."),
    412: CONFLICT,
    428: OpenApiResponse(description="If-Match is missing."),
}


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = _(
        'Send If-Match with the ETag of the version you edited, e.g. "3".'
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    """412 whose body carries the record as it is now (kept as is, not stringified)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"

    def __init__(self, message: str, current: dict) -> None:
        super().__init__()
        self.detail = {"detail": message, "current": current}


@contextmanager
def service_errors() -> Iterator[None]:
    """Turn a service's django ValidationError into a 400 with field errors."""
    try:
        yield
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        raise serializers.ValidationError(detail) from exc


def versioned_schema(serializer: Any, *, responses: dict | None = None):
    """Schema of a viewset whose edits need If-Match."""
    write = extend_schema(
        parameters=[IF_MATCH],
        responses={200: serializer, **WRITE_RESPONSES, **(responses or {})},
    )
    return extend_schema_view(update=write, partial_update=write)


def etag(instance: Any) -> dict[str, str]:
    return {"ETag": f'"{instance.version}"'}


def expected_version(request: Any) -> int:
    """The version named by If-Match; 428 when it is missing or not an ETag."""
    header = request.headers.get("If-Match", "").strip()
    value = header.removeprefix("W/").strip().strip('"')
    if not value.isdigit():
        raise PreconditionRequired()
    return int(value)


class VersionedMixin:
    """Detail answers carry ETag; PUT/PATCH need If-Match and go through `save_changes`."""

    update_serializer_class: type[serializers.Serializer]

    def conflict(self, exc: ConflictError) -> PreconditionFailed:
        return PreconditionFailed(str(exc), self.get_serializer(exc.current).data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return Response(self.get_serializer(instance).data, headers=etag(instance))

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        version = expected_version(request)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            with service_errors():
                saved = self.save_changes(instance, serializer.validated_data, version)
        except ConflictError as exc:
            raise self.conflict(exc) from exc
        return Response(self.get_serializer(saved).data, headers=etag(saved))

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def save_changes(self, instance: Any, data: dict, version: int) -> Any:
        raise NotImplementedError
