"""The OpenAPI schema of every app's API tells what the API really answers.

`AutoSchema` (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) adds to every operation the
error answers any request can get, so no app has to remember them:

- 400: the input guard (bureau.middleware) refuses control characters anywhere,
  and serializers answer invalid fields; the body is `{"detail": ...}` or
  `{field: [messages]}`;
- 401 / 403: no or a bad token, or a role without the permission;
- 404: another township's row, a missing row, or a stale pagination cursor.

412 and 428 come with If-Match on versioned edits (bureau.api.versioning).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The body of an error answer: a message (a 400 may name fields instead)."""

    detail = serializers.CharField(required=False)


FIELD_ERRORS = {
    "type": "object",
    "description": '{"detail": message} or {field: [messages]}',
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
INVALID = OpenApiResponse(
    FIELD_ERRORS,
    description=_(
        "Invalid input: a control character (such as NUL) anywhere in the "
        "request, or fields that break a rule."
    ),
)
UNAUTHENTICATED = OpenApiResponse(
    ErrorSerializer, description=_("No valid token or session.")
)
FORBIDDEN = OpenApiResponse(
    ErrorSerializer,
    description=_("The role may not do this (or a second factor is due)."),
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer,
    description=_(
        "No such row in the user's townships (another township's row "
        "answers the same), or a pagination cursor that is no longer valid."
    ),
)
ERROR_RESPONSES = {
    "400": INVALID,
    "401": UNAUTHENTICATED,
    "403": FORBIDDEN,
    "404": NOT_FOUND,
}
PLAIN_LIST = {"pagination_class": None, "filter_backends": []}

__all__ = [
    "ERROR_RESPONSES",
    "PLAIN_LIST",
    "AutoSchema",
    "ErrorSerializer",
]


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema plus the error answers every operation can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, response in ERROR_RESPONSES.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    response, code, direction=direction
                )
        return responses
