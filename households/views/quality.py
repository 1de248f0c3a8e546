"""The data-quality list: what last night's checks found in the user's townships."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, F
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from bureau import scoping
from bureau.views_base import paginate
from households import selectors
from households.forms import BootstrapMixin
from households.models import DataQualityIssue

Kind = DataQualityIssue.Kind
OPEN, RESOLVED = "open", "resolved"


class IssueFilterForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *Kind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), (OPEN, _("Open")), (RESOLVED, _("Resolved"))],
        required=False,
    )
    township = forms.ChoiceField(label=_("Township"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.has_perm("bureau.view_all_townships"):
            self.fields["township"].choices = [
                ("", _("All")),
                *scoping.visible_townships(user).values_list("code", "name"),
            ]
        else:
            del self.fields["township"]

    def apply(self, issues):
        """Issues narrowed by township and status (open by default), not by kind."""
        data = self.cleaned_data if self.is_valid() else {"status": OPEN}
        if data.get("township"):
            issues = issues.filter(township_id=data["township"])
        if data.get("status") == OPEN:
            issues = issues.filter(resolved_on__isnull=True)
        elif data.get("status") == RESOLVED:
            issues = issues.filter(resolved_on__isnull=False)
        return issues


@permission_required("households.view_dataqualityissue", raise_exception=True)
@scoping.scoped
def quality_list(request):
    """Findings of the nightly checks with counts per kind, linked to the records."""
    form = IssueFilterForm(request.GET or {"status": OPEN}, user=request.user)
    issues = form.apply(selectors.visible_quality_issues(request.user))
    by_kind = dict(
        issues.order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    counts = [
        {"kind": kind, "label": label, "count": by_kind.get(kind, 0)}
        for kind, label in Kind.choices
    ]
    kind = form.cleaned_data.get("kind") if form.is_valid() else ""
    if kind:
        issues = issues.filter(kind=kind)
    page = paginate(
        request,
        issues.select_related(
            "township", "person__household__village", "household__village"
        ).order_by(F("resolved_on").asc(nulls_first=True), "kind", "township_id", "pk"),
    )
    query = urlencode(
        {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    )
    return render(
        request,
        "households/quality/list.html",
        {"form": form, "page": page, "counts": counts, "query": query, "kind": kind},
    )
