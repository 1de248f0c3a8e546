"""Shapes of a 两非 case's parties and sanctions ledger in the API (never a reporter)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework import selectors
from casework.api.serializers import VisibleRelatedField
from casework.models import CaseParty, FinePayment, Penalty, SeizedItem
from casework.services import penalty_account


class ProviderPartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    credit_code = serializers.CharField(allow_null=True)
    licence_number = serializers.CharField()
    address = serializers.CharField()


class PractitionerPartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    masked_id_number = serializers.CharField()
    licence_number = serializers.CharField()
    provider = serializers.IntegerField(source="provider_id", allow_null=True)


class CasePartySerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    provider = ProviderPartySerializer(read_only=True, allow_null=True)
    practitioner = PractitionerPartySerializer(read_only=True, allow_null=True)

    class Meta:
        model = CaseParty
        fields = [
            "id",
            "case",
            "case_number",
            "role",
            "provider",
            "practitioner",
            "added_at",
        ]
        read_only_fields = fields


class CasePartyCreateSerializer(serializers.Serializer):
    """Name an existing provider or practitioner (one of them) as a party."""

    case = VisibleRelatedField(selector=selectors.visible_cases)
    provider = VisibleRelatedField(
        selector=selectors.visible_providers, required=False, allow_null=True
    )
    practitioner = VisibleRelatedField(
        selector=selectors.visible_practitioners, required=False, allow_null=True
    )
    role = serializers.ChoiceField(
        choices=CaseParty.Role.choices, default=CaseParty.Role.RESPONDENT
    )


class FinePaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = FinePayment
        fields = ["id", "penalty", "paid_on", "amount", "receipt_number", "recorded_at"]
        read_only_fields = fields


# Paid, surcharge and outstanding: yuan for fines and confiscated income, else null.
YUAN_OR_NULL = serializers.DecimalField(
    max_digits=12, decimal_places=2, allow_null=True, read_only=True
)


class PenaltySerializer(serializers.ModelSerializer):
    """A penalty; fines and confiscated income with what is paid and owed today."""

    case = serializers.IntegerField(source="decision.case_id", read_only=True)
    case_number = serializers.CharField(source="decision.case.number", read_only=True)
    payments = FinePaymentSerializer(many=True, read_only=True)
    paid = serializers.SerializerMethodField()
    surcharge = serializers.SerializerMethodField()
    outstanding = serializers.SerializerMethodField()

    class Meta:
        model = Penalty
        fields = [
            "id",
            "case",
            "case_number",
            "type",
            "amount",
            "due_on",
            "note",
            "payments",
            "paid",
            "surcharge",
            "outstanding",
        ]
        read_only_fields = fields

    def _account(self, penalty: Penalty):
        if not penalty.is_paid_type:
            return None
        cache = self.context.setdefault("accounts", {})
        if penalty.pk not in cache:
            cache[penalty.pk] = penalty_account(penalty)
        return cache[penalty.pk]

    @extend_schema_field(YUAN_OR_NULL)
    def get_paid(self, penalty: Penalty) -> str | None:
        account = self._account(penalty)
        return None if account is None else f"{account.paid:.2f}"

    @extend_schema_field(YUAN_OR_NULL)
    def get_surcharge(self, penalty: Penalty) -> str | None:
        account = self._account(penalty)
        return None if account is None else f"{account.surcharge:.2f}"

    @extend_schema_field(YUAN_OR_NULL)
    def get_outstanding(self, penalty: Penalty) -> str | None:
        account = self._account(penalty)
        return None if account is None else f"{account.outstanding:.2f}"


class PaymentCreateSerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    receipt_number = serializers.CharField(
        required=False, allow_blank=True, max_length=60, default=""
    )


class SeizedItemSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)

    class Meta:
        model = SeizedItem
        fields = [
            "id",
            "case",
            "case_number",
            "type",
            "description",
            "quantity",
            "unit",
            "seal_number",
            "storage",
            "seized_on",
            "disposal",
            "disposed_on",
            "disposal_note",
            "version",
        ]
        read_only_fields = fields
