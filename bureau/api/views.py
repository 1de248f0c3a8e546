"""Org units through the API."""

from rest_framework import mixins, serializers

from bureau import scoping
from bureau.api.viewsets import ScopedViewSet
from bureau.models import Township, Village


class TownshipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Township
        fields = ["code", "name", "kind", "valid_from", "valid_to", "successor"]


class VillageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Village
        fields = [
            "code",
            "name",
            "township",
            "urban_rural_code",
            "valid_from",
            "valid_to",
        ]


class TownshipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = TownshipSerializer
    filterset_fields = ["kind"]
    selector = staticmethod(scoping.visible_townships)

    def refine(self, queryset):
        return queryset.order_by("code")


class VillageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = VillageSerializer
    filterset_fields = ["township"]
    selector = staticmethod(scoping.visible_villages)

    def refine(self, queryset):
        return queryset.order_by("code")
