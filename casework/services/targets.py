"""Yearly case targets per township, as the city sets them."""

from django.db import transaction
from django.utils.translation import gettext as _

from bureau.models import Township, User
from casework.models import CaseTarget
from casework.services._common import invalid, require
from casework.workflow import Kind


def may_set_target(user: User) -> bool:
    return user.has_perm("casework.add_casetarget") and user.has_perm(
        "casework.change_casetarget"
    )


@transaction.atomic
def set_target(
    *,
    by: User,
    township: Township,
    year: int,
    cases: int,
    kind: str = Kind.LIANGFEI,
    set_by_body: str = "",
) -> CaseTarget:
    """The number of cases `township` is to file in `year`; setting it again replaces it."""
    if not may_set_target(by):
        require(by, "casework.add_casetarget", _("Only the bureau sets case targets."))
        require(
            by, "casework.change_casetarget", _("Only the bureau sets case targets.")
        )
    if kind not in Kind.values:
        raise invalid("kind", _("Unknown kind of case: %(kind)s") % {"kind": kind})
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise invalid("year", _("Give the year, e.g. 2026."))
    if not isinstance(cases, int) or cases < 1:
        raise invalid("cases", _("A target is a whole number of at least 1 case."))
    if len((set_by_body or "").strip()) > 100:
        raise invalid("set_by_body", _("Name the body that set it in 100 characters."))
    target, created = CaseTarget.objects.select_for_update().get_or_create(
        township=township,
        year=year,
        kind=kind,
        defaults={
            "cases": cases,
            "set_by_body": (set_by_body or "").strip(),
            "recorded_by": by,
        },
    )
    if not created:
        target.cases = cases
        target.set_by_body = (set_by_body or "").strip() or target.set_by_body
        target.recorded_by = by
        target.version += 1
        target.save()
    return target
