"""Base classes for HTML views: fetch through selectors, check role permissions."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured


class ScopedMixin(PermissionRequiredMixin):
    """A class-based view whose rows come from a `visible_*` selector.

    Subclasses implement `get_queryset()` by calling a selector; `get_object()`
    then answers 404 for another township's record. `permission_required` names
    the model permission the role must carry; unsafe methods additionally need
    `write_permission` (auditors carry only view permissions, so they get 403).
    """

    access_scope = "scoped"
    write_permission: str | None = None
    raise_exception = True

    def get_permission_required(self):
        needed = list(super().get_permission_required())
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            if not self.write_permission:
                raise ImproperlyConfigured(
                    f"{type(self).__name__} needs write_permission."
                )
            needed.append(self.write_permission)
        return needed

    def get_queryset(self):
        raise ImproperlyConfigured(
            f"{type(self).__name__} must build its rows from a visible_* selector."
        )
