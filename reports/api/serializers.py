from rest_framework import serializers

from reports.models import ItemScore, LedgerEntry, Receipt, TownshipScore, VillageFigure


class VillageFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = VillageFigure
        fields = ["village", "numerator", "denominator"]


class ItemScoreSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="item.title")
    weight = serializers.DecimalField(
        source="item.weight", max_digits=9, decimal_places=2
    )
    indicator = serializers.CharField(source="item.indicator_code")
    villages = VillageFigureSerializer(many=True, read_only=True)

    class Meta:
        model = ItemScore
        fields = [
            "id",
            "run",
            "township",
            "item",
            "title",
            "indicator",
            "weight",
            "numerator",
            "denominator",
            "value",
            "points",
            "left_out",
            "villages",
        ]


class TownshipScoreSerializer(serializers.ModelSerializer):
    month = serializers.DateField(source="run.directive.month")
    published = serializers.SerializerMethodField()
    township_name = serializers.CharField(source="township.name")

    class Meta:
        model = TownshipScore
        fields = [
            "id",
            "run",
            "month",
            "published",
            "township",
            "township_name",
            "rank",
            "total",
            "points",
            "weight_in_play",
            "weight_total",
        ]

    def get_published(self, score) -> bool:
        return score.run.publications.exists()


class ReceiptSerializer(serializers.ModelSerializer):
    month = serializers.DateField(source="directive.month")
    title = serializers.CharField(source="directive.title")

    class Meta:
        model = Receipt
        fields = [
            "id",
            "directive",
            "month",
            "title",
            "township",
            "signed_at",
            "signed_by",
        ]


class LedgerEntrySerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="item.title")

    class Meta:
        model = LedgerEntry
        fields = ["id", "item", "title", "township", "due_on", "status", "closed_at"]
