"""Authentication backend that grants permissions by role."""

from django.contrib.auth.backends import ModelBackend

from bureau.roles import permissions_for


class RoleBackend(ModelBackend):
    """Password login as usual; permissions come from the user's role."""

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(permissions_for(user_obj.role))
