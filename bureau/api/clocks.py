"""Deadline clocks through the API: read-only, the user's townships, for dashboards."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from bureau import clocks
from bureau.api.viewsets import ScopedViewSet
from bureau.models import DeadlineClock

STATUSES = {
    "overdue": clocks.overdue_condition,
    "due_soon": clocks.due_soon_condition,
}


class DeadlineClockSerializer(serializers.ModelSerializer):
    record_type = serializers.SerializerMethodField()
    met_in_time = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = DeadlineClock
        fields = [
            "id",
            "kind",
            "label",
            "township",
            "record_type",
            "object_id",
            "link",
            "started_on",
            "days",
            "unit",
            "extra_days",
            "paused_days",
            "due_on",
            "warn_on",
            "state",
            "paused_on",
            "pause_reason",
            "met_on",
            "met_in_time",
        ]
        read_only_fields = fields

    def get_record_type(self, clock: DeadlineClock) -> str:
        return f"{clock.content_type.app_label}.{clock.content_type.model}"


class DeadlineCountsSerializer(serializers.Serializer):
    township = serializers.CharField()
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()


class DeadlineClockViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    """Clocks of the user's townships; `?status=overdue|due_soon`, `?township=<code>`."""

    serializer_class = DeadlineClockSerializer
    selector = staticmethod(clocks.visible_clocks)

    def refine(self, queryset):
        if self.action != "list":
            return queryset
        status = self.request.query_params.get("status", "")
        if status:
            if status not in STATUSES:
                raise ValidationError(
                    {
                        "status": _("Use overdue or due_soon, not %(value)s.")
                        % {"value": status}
                    }
                )
            queryset = queryset.filter(STATUSES[status](timezone.localdate()))
        township = self.request.query_params.get("township")
        if township:
            queryset = queryset.filter(township=township)
        return queryset.order_by("due_on", "pk")

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=sorted(STATUSES))],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=DeadlineCountsSerializer(many=True))
    @action(detail=False, pagination_class=None, filter_backends=[])
    def summary(self, request):
        """Overdue and due-soon counts per township the user may see."""
        counts = clocks.clock_counts_by_township(request.user)
        rows = [{"township": code, **values} for code, values in sorted(counts.items())]
        return Response(DeadlineCountsSerializer(rows, many=True).data)
