"""Optimistic concurrency and service errors for the register's API (see bureau.api.versioning)."""

from bureau.api.versioning import (
    CONFLICT,
    IF_MATCH,
    WRITE_RESPONSES,
    PreconditionFailed,
    PreconditionRequired,
    VersionedMixin,
    etag,
    expected_version,
    service_errors,
    versioned_schema,
)

__all__ = [
    "CONFLICT",
    "IF_MATCH",
    "WRITE_RESPONSES",
    "PreconditionFailed",
    "PreconditionRequired",
    "VersionedMixin",
    "etag",
    "expected_version",
    "service_errors",
    "versioned_schema",
]
