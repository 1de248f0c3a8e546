"""Shapes of benefits in the API. Account numbers appear masked only."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bureau.api import fields
from households.selectors import visible_persons
from incentives.models import (
    Application,
    BankFileJob,
    Entitlement,
    EntitlementChange,
    PayoutBatch,
    PayoutLine,
    ReviewStep,
    Scheme,
)
from incentives.selectors import visible_schemes


@extend_schema_field(OpenApiTypes.INT)
class VisibleRelatedField(fields.VisibleRelatedField):
    """An integer key of a row the selector shows the requesting user."""


class SchemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Scheme
        fields = [
            "id",
            "code",
            "name",
            "public_label",
            "kind",
            "pay_every",
            "notice_days",
            "review_days",
            "parameters",
            "required_conditions",
            "is_active",
        ]


class ReviewStepSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()
    # Plain strings: the same choices as Application.status, named once in the schema.
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = ReviewStep
        fields = [
            "action",
            "from_status",
            "to_status",
            "by",
            "comment",
            "evidence",
            "due_on",
            "at",
        ]


class ApplicationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    steps = ReviewStepSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "scheme",
            "category",
            "year",
            "person",
            "person_name",
            "payee",
            "child",
            "village",
            "status",
            "conditions",
            "candidate_reason",
            "notice_starts_on",
            "notice_ends_on",
            "step_due_on",
            "version",
            "steps",
        ]
        read_only_fields = fields


class ApplicationCreateSerializer(serializers.Serializer):
    scheme = VisibleRelatedField(selector=visible_schemes)
    person = VisibleRelatedField(selector=visible_persons)
    payee = VisibleRelatedField(
        selector=visible_persons, required=False, allow_null=True
    )
    child = VisibleRelatedField(
        selector=visible_persons, required=False, allow_null=True
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    category = serializers.CharField(required=False, allow_blank=True, max_length=40)
    comment = serializers.CharField(required=False, allow_blank=True)


class ActionSerializer(serializers.Serializer):
    """What a review action takes: a comment or reason, and the version the user saw."""

    version = serializers.IntegerField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ConditionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    code = serializers.CharField(max_length=60)
    answer = serializers.BooleanField()
    evidence = serializers.CharField(max_length=300)


class EntitlementSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Entitlement
        fields = [
            "id",
            "scheme",
            "category",
            "person",
            "person_name",
            "payee",
            "village",
            "status",
            "starts_on",
            "ends_on",
            "status_reason",
            "version",
        ]
        read_only_fields = fields


class EntitlementChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntitlementChange
        fields = [
            "id",
            "entitlement",
            "kind",
            "status",
            "effective_on",
            "new_category",
            "reason",
            "overpayment",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    confirm = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PayoutBatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = PayoutBatch
        fields = [
            "id",
            "scheme",
            "period",
            "follow_up_of",
            "status",
            "line_count",
            "total_amount",
            "bank_total",
            "content_hash",
            "frozen_at",
            "approved_at",
            "reconciled_at",
            "version",
        ]
        read_only_fields = fields


class BatchApprovalSerializer(serializers.Serializer):
    otp_code = serializers.CharField(
        max_length=8,
        required=False,
        allow_blank=True,
        default="",
        help_text="The code the approver's authenticator app shows now (step-up).",
    )


class BankFileJobSerializer(serializers.ModelSerializer):
    checksum = serializers.CharField(
        source="bank_file.checksum", read_only=True, default=None
    )
    row_count = serializers.IntegerField(
        source="bank_file.row_count", read_only=True, default=None
    )

    class Meta:
        model = BankFileJob
        fields = [
            "id",
            "batch",
            "status",
            "message",
            "checksum",
            "row_count",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class BatchCreateSerializer(serializers.Serializer):
    scheme = VisibleRelatedField(selector=visible_schemes)
    period = serializers.CharField(max_length=7)


class PayoutLineSerializer(serializers.ModelSerializer):
    account = serializers.CharField(source="masked_account", read_only=True)

    class Meta:
        model = PayoutLine
        fields = [
            "id",
            "batch",
            "person",
            "payee_name",
            "village",
            "bank_name",
            "account",
            "amount",
            "status",
            "failure_reason",
            "paid_amount",
            "reissue_of",
        ]
        read_only_fields = fields
