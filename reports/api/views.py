"""The reports API: rankings, item scores with their village figures, receipts, ledger."""

from django.db.models import Prefetch
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from bureau.api.pagination import Pagination
from bureau.api.versioning import service_errors
from bureau.api.viewsets import ScopedViewSet
from reports import selectors, services
from reports.api import serializers as shapes
from reports.models import VillageFigure


class RankPagination(Pagination):
    """Newest run first, then by rank (the cursor moves by run)."""

    ordering = ("-run_id", "rank", "township_id")


class RankingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Township totals and ranks. `?run=` picks a run; without it, each month's shown
    ranking (the latest published version, else the provisional one)."""

    serializer_class = shapes.TownshipScoreSerializer
    pagination_class = RankPagination
    selector = staticmethod(selectors.visible_township_scores)

    def refine(self, queryset):
        queryset = queryset.select_related("run__directive", "township")
        run = self.request.query_params.get("run", "")
        if self.action == "list":
            if run.isdigit():
                return queryset.filter(run_id=run)
            queryset = queryset.filter(run__in=selectors.displayed_runs())
        return queryset


class ItemScoreViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Item scores with the per-village figures that add up to them; filter by `?run=`."""

    serializer_class = shapes.ItemScoreSerializer
    selector = staticmethod(selectors.visible_item_scores)

    def refine(self, queryset):
        queryset = queryset.prefetch_related(
            Prefetch("villages", VillageFigure.objects.order_by("village_id"))
        )
        run = self.request.query_params.get("run", "")
        if run.isdigit():
            queryset = queryset.filter(run_id=run)
        return queryset.order_by("-run_id", "township_id", "item__position", "item_id")


class CanSign(BasePermission):
    def has_permission(self, request, view):
        return bool(
            request.user.is_authenticated
            and request.user.has_perm("reports.sign_receipt")
        )


class ReceiptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The directives issued to the user's townships; POST sign/ to sign for one (签收)."""

    serializer_class = shapes.ReceiptSerializer
    selector = staticmethod(selectors.visible_receipts)

    def refine(self, queryset):
        return queryset.order_by("-directive__month", "township_id")

    @action(detail=True, methods=["post"], permission_classes=[CanSign])
    def sign(self, request, pk=None):
        receipt = self.get_object()
        with service_errors():
            receipt = services.sign_receipt(by=request.user, receipt=receipt)
        return Response(self.get_serializer(receipt).data)


class LedgerEntryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    """The township ledger (挂账销号), open tasks first."""

    serializer_class = shapes.LedgerEntrySerializer
    selector = staticmethod(selectors.visible_ledger_entries)

    def refine(self, queryset):
        return queryset.order_by("status", "due_on", "pk")
