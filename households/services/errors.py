"""Errors the register's services raise besides ValidationError (shared by the core)."""

from bureau.concurrency import ConflictError

__all__ = ["ConflictError"]
