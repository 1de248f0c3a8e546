"""Password rules beyond Django's own: classes of characters, no reuse of recent passwords."""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CLASSES = {
    "lower": str.islower,
    "upper": str.isupper,
    "digit": str.isdigit,
    "symbol": lambda ch: not ch.isalnum() and not ch.isspace(),
}


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case letters, capitals, digits, symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        found = sum(1 for test in CLASSES.values() if any(test(ch) for ch in password))
        if found < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must mix at least %(count)d kind of character: "
            "lower-case letters, capital letters, digits and symbols.",
            "Your password must mix at least %(count)d kinds of character: "
            "lower-case letters, capital letters, digits and symbols.",
            self.min_classes,
        ) % {"count": self.min_classes}


class PasswordHistoryValidator:
    """Refuse the current password and the `keep` before it; remember each new one."""

    def __init__(self, keep: int = 5) -> None:
        self.keep = keep

    def validate(self, password: str, user=None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        from bureau.models.security import PasswordRecord

        hashes = [user.password] if user.password else []
        hashes += PasswordRecord.objects.filter(user_id=user.pk).values_list(
            "password", flat=True
        )[: self.keep]
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                _("You used this password recently. Choose one you have not used."),
                code="password_reused",
            )

    def password_changed(self, password: str, user=None) -> None:
        from bureau.security.services import record_password_set

        if user is not None:
            record_password_set(user=user)

    def get_help_text(self) -> str:
        return ngettext(
            "Your password cannot be your current one or the last one you used.",
            "Your password cannot be your current one or any of the last %(count)d.",
            self.keep,
        ) % {"count": self.keep}
