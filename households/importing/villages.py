"""Which village codes a user may import rows for (all villages fit in memory)."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext

from bureau.models import Village
from bureau.scoping import visible_villages


@dataclass(frozen=True, slots=True)
class VillageInfo:
    code: str
    name: str
    township: str
    visible: bool
    retired_on: date | None
    successor: str | None


class VillageIndex:
    """Every village of the district, marked visible or not for one user."""

    def __init__(self, villages: dict[str, VillageInfo], townships: set[str] | None):
        self.villages = villages
        self.townships = townships  # None: every township

    @classmethod
    def for_user(cls, user, *, today: date) -> "VillageIndex":
        visible = set(visible_villages(user).values_list("code", flat=True))
        villages = {}
        for code, name, township, valid_to, successor in Village.objects.values_list(
            "code", "name", "township_id", "valid_to", "successor_id"
        ):
            retired = valid_to if valid_to is not None and valid_to <= today else None
            villages[code] = VillageInfo(
                code=code,
                name=name,
                township=township,
                visible=code in visible,
                retired_on=retired,
                successor=successor,
            )
        all_visible = len(visible) == len(villages)
        townships = (
            None
            if all_visible
            else {v.township for v in villages.values() if v.visible}
        )
        return cls(villages, townships)

    def problem(self, code: str) -> str:
        """Why rows for `code` cannot be imported by this user ("" when they can)."""
        village = self.villages.get(code)
        if village is None:
            return gettext(
                "Village code %(code)s is not in the district's list of villages."
            ) % {"code": code}
        if not village.visible:
            return gettext(
                "Village %(code)s belongs to another township; you can import rows "
                "only for the villages of your own townships."
            ) % {"code": code}
        return ""

    def township_visible(self, township: str | None) -> bool:
        if self.townships is None:
            return True
        return township in self.townships

    def retired_problem(self, code: str) -> str:
        """Refusal for a new household in a village that no longer exists ("" if fine)."""
        village = self.villages.get(code)
        if village is None or village.retired_on is None:
            return ""
        if village.successor:
            return gettext(
                "Village %(code)s was abolished on %(date)s; register new households "
                "under its successor %(successor)s."
            ) % {
                "code": code,
                "date": village.retired_on.isoformat(),
                "successor": village.successor,
            }
        return gettext("Village %(code)s was abolished on %(date)s.") % {
            "code": code,
            "date": village.retired_on.isoformat(),
        }

    def label(self, code: str) -> str:
        village = self.villages.get(code)
        return f"{village.name} ({code})" if village else code
