"""Users: one role each; township staff serve a set of townships."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.audit import audited
from bureau.roles import Role


@audited(exclude=["password", "last_login"])
class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.STAFF)
    townships = models.ManyToManyField(
        "bureau.Township",
        verbose_name=_("townships served"),
        blank=True,
        related_name="staff",
        help_text=_("Townships whose records this person may see and change."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username
