"""What a client sends to record a 两非 case's decision, its service, its handlers and
its seized items (casework.api.views). The services check the rules; these the shapes."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework import selectors
from casework.api.serializers import VisibleRelatedField, colleagues
from casework.models import Decision, Penalty, SeizedItem

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}


class PenaltyInputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=Penalty.Type.choices)
    amount = serializers.DecimalField(
        **MONEY,
        required=False,
        allow_null=True,
        help_text=_("Yuan: a fine and confiscated income only have an amount."),
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )


class DecisionCreateSerializer(serializers.Serializer):
    """The decision after the pre-decision notice, with its penalties."""

    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    decided_on = serializers.DateField()
    penalties = PenaltyInputSerializer(many=True, required=False, default=list)
    document_number = serializers.CharField(
        required=False, allow_blank=True, max_length=60, default=""
    )
    grounds = serializers.CharField(required=False, allow_blank=True, default="")
    hearing_waived = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("The party waived a hearing (or withdrew its request)"),
    )
    hearing_held_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Hearing held on"),
    )


class ServiceCreateSerializer(serializers.Serializer):
    served_on = serializers.DateField()


class HandlersSerializer(serializers.Serializer):
    handlers = VisibleRelatedField(selector=colleagues, many=True)


class SeizedItemCreateSerializer(serializers.Serializer):
    case = VisibleRelatedField(selector=selectors.visible_cases)
    type = serializers.ChoiceField(choices=SeizedItem.Type.choices)
    description = serializers.CharField(max_length=200)
    quantity = serializers.IntegerField(min_value=1, max_value=1_000_000)
    unit = serializers.CharField(required=False, max_length=10, default="台")
    seal_number = serializers.CharField(
        required=False, allow_blank=True, max_length=60, default=""
    )
    storage = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
    seized_on = serializers.DateField()


class DisposalSerializer(serializers.Serializer):
    disposal = serializers.ChoiceField(
        choices=[
            choice
            for choice in SeizedItem.Disposal.choices
            if choice[0] != SeizedItem.Disposal.HELD
        ]
    )
    disposed_on = serializers.DateField()
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
