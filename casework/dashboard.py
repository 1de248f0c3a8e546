"""Casework's figures on the dashboard: overdue cases, and the open cases a user handles."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bureau.dashboard import Figure, register_figures
from casework import selectors
from casework.views.overdue import open_condition


def _figures(user) -> list[Figure]:
    if not user.has_perm("casework.view_case"):
        return []
    overdue = selectors.overdue_cases(user).count()
    figures = [
        Figure(
            "cases-overdue",
            _("Overdue cases"),
            overdue,
            reverse("casework:overdue"),
            _("a statutory time limit has passed"),
            waiting=bool(overdue),
        )
    ]
    if user.has_perm("casework.change_case"):
        mine = (
            selectors.visible_cases(user)
            .filter(open_condition(), handlers=user)
            .count()
        )
        figures.append(
            Figure(
                "cases-mine",
                _("Open cases you handle"),
                mine,
                reverse("casework:case-list") + "?mine=true",
                _("as a named handler"),
            )
        )
    return figures


register_figures("casework", _figures, order=40)
