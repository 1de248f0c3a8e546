"""The reconciliation queue: upload a shared file, work through the differences it found."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from bureau import scoping
from bureau.filters import filter_list
from bureau.views_base import add_service_errors, paginate, visible_or_404
from households import reconciliation, selectors
from households.filters import ReconciliationItemFilter
from households.forms.reconciliation import (
    AssignForm,
    PlaceForm,
    ResolveForm,
    SourceUploadForm,
)
from households.models import ReconciliationItem
from households.reconciliation import display

Kind = ReconciliationItem.Kind


def _visible_item(user, pk: int) -> ReconciliationItem:
    """The item, or 404 when it lies outside the user's townships (or is unplaced)."""
    return visible_or_404(
        selectors.visible_reconciliation_items,
        user,
        pk=pk,
        related=(
            "batch",
            "township",
            "owner",
            "resolved_by",
            "correction",
            "person__household__village",
        ),
    )


@require_http_methods(["GET", "POST"])
@permission_required("households.add_sourcebatch", raise_exception=True)
@scoping.scoped
def source_upload(request):
    """Upload a hospital-births or police-events file; a refused file shows its row report."""
    form = SourceUploadForm(request.POST or None, request.FILES or None)
    report = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = reconciliation.import_source_file(
                by=request.user,
                source=form.cleaned_data["source"],
                file=upload,
                filename=upload.name,
            )
        except reconciliation.SourceFileRefused as refused:
            report = refused.report
            form.add_error(None, refused.messages[0])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                for message in error.messages:
                    form.add_error("file", message)
        else:
            found = batch.items.count()
            messages.success(
                request,
                ngettext(
                    "%(rows)d rows matched against the register: %(count)d "
                    "difference to review.",
                    "%(rows)d rows matched against the register: %(count)d "
                    "differences to review.",
                    found,
                )
                % {"rows": batch.rows, "count": found},
            )
            return redirect(
                f"{reverse('households:reconciliation-list')}?"
                f"{urlencode({'batch': batch.pk, 'status': ''})}"
            )
    batches = selectors.visible_source_batches(request.user)[:10]
    return render(
        request,
        "households/reconciliation/upload.html",
        {"form": form, "report": report, "batches": batches},
    )


@permission_required("households.view_reconciliationitem", raise_exception=True)
@scoping.scoped
def reconciliation_list(request):
    """Queue items of the user's townships (all, and unplaced ones, for bureau roles)."""
    filters, items = filter_list(
        ReconciliationItemFilter,
        request,
        selectors.visible_reconciliation_items(request.user),
        default={"status": ReconciliationItem.Status.OPEN},
    )
    by_kind = dict(
        items.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    counts = [
        {"kind": kind, "label": label, "count": by_kind.get(kind, 0)}
        for kind, label in Kind.choices
    ]
    page = paginate(
        request,
        items.select_related(
            "batch", "township", "owner", "person__household__village"
        ).order_by("status", "-batch__imported_at", "source_row", "pk"),
    )
    for item in page.object_list:
        item.rows = display.difference_rows(item)
    return render(
        request,
        "households/reconciliation/list.html",
        {"form": filters.form, "page": page, "counts": counts, "query": filters.query},
    )


def _detail_context(request, item: ReconciliationItem, **extra) -> dict:
    actions = reconciliation.available_actions(request.user, item)
    context = {
        "item": item,
        "differences": display.difference_rows(item),
        "source_rows": display.source_rows(item),
        "actions": actions,
        "resolve_form": ResolveForm(actions=actions) if actions else None,
        "assign_form": None,
        "place_form": None,
        "register_link": "",
        "move_link": "",
    }
    if reconciliation.may_place(request.user, item):
        context["place_form"] = PlaceForm(user=request.user)
    if actions:
        owners = reconciliation.possible_owners(item)
        context["assign_form"] = AssignForm(
            initial={"owner": item.owner_id or ""}, owners=owners
        )
        if (
            item.kind == Kind.MISSING_FROM_REGISTER
            and item.person is not None
            and item.person.household_id is not None
        ):
            context["register_link"] = reverse(
                "households:person-create", args=[item.person.household_id]
            )
        if item.person_id and any(
            row["field"] == "residence_status" for row in context["differences"]
        ):
            context["move_link"] = reverse(
                "households:person-move-away", args=[item.person_id]
            )
    context.update(extra)
    return context


@permission_required("households.view_reconciliationitem", raise_exception=True)
@scoping.scoped
def reconciliation_detail(request, pk: int):
    """One item: the register and the file side by side, and the decision form."""
    item = _visible_item(request.user, pk)
    return render(
        request,
        "households/reconciliation/detail.html",
        _detail_context(request, item),
    )


def _item_page(request, item: ReconciliationItem, **extra):
    """The decision panel alone for htmx, else back to the item page."""
    if request.headers.get("HX-Request"):
        return render(
            request,
            "households/reconciliation/_decision.html",
            _detail_context(request, item, **extra),
        )
    if any(
        extra.get(name) is not None
        for name in ("resolve_form", "assign_form", "place_form")
    ):
        return render(
            request,
            "households/reconciliation/detail.html",
            _detail_context(request, item, **extra),
        )
    return redirect("households:reconciliation-detail", pk=item.pk)


@require_POST
@permission_required("households.change_reconciliationitem", raise_exception=True)
@scoping.scoped
def reconciliation_resolve(request, pk: int):
    """Raise a correction, record a change made by hand, or dismiss the item."""
    item = _visible_item(request.user, pk)
    actions = reconciliation.available_actions(request.user, item)
    form = ResolveForm(request.POST, actions=actions)
    if not form.is_valid():
        return _item_page(request, item, resolve_form=form)
    try:
        item = reconciliation.resolve_item(
            by=request.user,
            item=item,
            resolution=form.cleaned_data["resolution"],
            action=form.cleaned_data["action"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _item_page(request, item, resolve_form=form)
    if item.correction_id:
        messages.success(
            request,
            _("A correction was raised; the record changes once it is approved."),
        )
    else:
        messages.success(request, _("The item was closed."))
    return _item_page(request, _visible_item(request.user, pk))


@require_POST
@permission_required("households.change_reconciliationitem", raise_exception=True)
@scoping.scoped
def reconciliation_assign(request, pk: int):
    """Give the item to a colleague serving its township (or to nobody)."""
    item = _visible_item(request.user, pk)
    form = AssignForm(request.POST, owners=reconciliation.possible_owners(item))
    if not form.is_valid():
        return _item_page(request, item, assign_form=form)
    try:
        reconciliation.assign_item(
            by=request.user, item=item, owner=form.chosen_owner()
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _item_page(request, item, assign_form=form)
    messages.success(request, _("Owner saved."))
    return _item_page(request, _visible_item(request.user, pk))


@require_POST
@permission_required("households.place_reconciliationitem", raise_exception=True)
@scoping.scoped
def reconciliation_place(request, pk: int):
    """Put an item no township was matched to into a township (bureau only)."""
    item = _visible_item(request.user, pk)
    form = PlaceForm(request.POST, user=request.user)
    if not form.is_valid():
        return _item_page(request, item, place_form=form)
    try:
        reconciliation.place_item(
            by=request.user, item=item, township=form.cleaned_data["township"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _item_page(request, item, place_form=form)
    messages.success(request, _("The item was placed; the township's staff were told."))
    return _item_page(request, _visible_item(request.user, pk))
