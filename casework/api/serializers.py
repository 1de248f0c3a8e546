"""Shapes of cases in the API.

No shape carries the sealed reporter: not the identity, not whether there is one
(the issue: "the API and exports never carry it"). It is read on the case page only,
by the case's handlers, and every view is logged.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bureau.api import fields
from bureau.api.clocks import DeadlineClockSerializer
from bureau.models import User
from bureau.scoping import townships_for
from casework import selectors
from casework.models import (
    Case,
    CaseEvent,
    Decision,
    Lead,
)
from casework.workflow import CloseReason, Outcome, Satisfaction, Status, allowed_from


@extend_schema_field(OpenApiTypes.INT)
class VisibleRelatedField(fields.VisibleRelatedField):
    """An integer key of a row the selector shows the requesting user."""


@extend_schema_field(OpenApiTypes.STR)
class VisibleTownshipField(fields.VisibleTownshipField):
    """A township code the user serves."""


def colleagues(user) -> object:
    """Active users serving one of `user`'s townships: who may be named a handler."""
    if not getattr(user, "is_authenticated", False):
        return User.objects.none()
    return User.objects.filter(
        is_active=True, townships__in=townships_for(user)
    ).distinct()


def blank_or(choices) -> serializers.ChoiceField:
    """A read-only choice that is "" until it is set (the schema says so too)."""
    return serializers.ChoiceField(choices=choices, allow_blank=True, read_only=True)


class HandlerSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name"]
        read_only_fields = fields

    def get_name(self, user: User) -> str:
        return user.full_name or user.username


class LeadSerializer(serializers.ModelSerializer):
    """Where a 两非 lead came from (never who reported it)."""

    class Meta:
        model = Lead
        fields = ["source", "received_at", "reference", "petition"]
        read_only_fields = fields


class DecisionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["outcome", "decided_on", "served_on", "document_number"]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    township = serializers.CharField(source="township_id", read_only=True)
    handlers = HandlerSerializer(many=True, read_only=True)
    merged_into = serializers.CharField(
        source="merged_into.number", default=None, read_only=True, allow_null=True
    )
    outcome = blank_or(Outcome.choices)
    satisfaction = blank_or(Satisfaction.choices)
    close_reason = blank_or(CloseReason.choices)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "township",
            "title",
            "opened_on",
            "handlers",
            "outcome",
            "satisfaction",
            "close_reason",
            "merged_into",
            "version",
        ]
        read_only_fields = fields


class CaseEventSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()
    from_status = blank_or(Status.choices)
    to_status = blank_or(Status.choices)

    class Meta:
        model = CaseEvent
        fields = ["id", "type", "from_status", "to_status", "note", "on", "at", "by"]
        read_only_fields = fields

    def get_by(self, event: CaseEvent) -> str | None:
        if event.by is None:
            return None
        return event.by.full_name or event.by.username


class MoveOptionSerializer(serializers.Serializer):
    to = serializers.CharField()
    label = serializers.CharField()


class CaseDetailSerializer(CaseSerializer):
    """A case with its timeline (oldest first), its time limits and its next moves."""

    timeline = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()
    lead = LeadSerializer(read_only=True, default=None, allow_null=True)
    decision = DecisionSummarySerializer(read_only=True, default=None, allow_null=True)

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "summary",
            "lead",
            "decision",
            "timeline",
            "clocks",
            "allowed_moves",
        ]
        read_only_fields = fields

    @extend_schema_field(CaseEventSerializer(many=True))
    def get_timeline(self, case: Case):
        return CaseEventSerializer(selectors.timeline(case), many=True).data

    @extend_schema_field(DeadlineClockSerializer(many=True))
    def get_clocks(self, case: Case):
        rows = selectors.case_clocks(case).select_related("content_type")
        return DeadlineClockSerializer(rows, many=True).data

    @extend_schema_field(MoveOptionSerializer(many=True))
    def get_allowed_moves(self, case: Case):
        return [
            {"to": to, "label": str(Status(to).label)}
            for to in allowed_from(case.kind, case.status)
        ]


class CaseCreateSerializer(serializers.Serializer):
    """Register a 两非 lead (with its source), a petition or a staff-misconduct case.

    The reporter of a lead is recorded on the case page only, never through the API.
    """

    kind = serializers.ChoiceField(choices=Case.Kind.choices)
    township = VisibleTownshipField()
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    handlers = VisibleRelatedField(
        selector=colleagues, many=True, required=False, default=list
    )
    opened_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Petitions and misconduct cases; a lead opens on its received_at."),
    )
    source = serializers.ChoiceField(
        choices=Lead.Source.choices,
        required=False,
        allow_blank=True,
        help_text=_("Where a 两非 lead came from (required for a lead)."),
    )
    received_at = serializers.DateTimeField(required=False, allow_null=True)
    reference = serializers.CharField(
        required=False, allow_blank=True, max_length=100, default=""
    )
    petition = VisibleRelatedField(
        selector=selectors.visible_cases,
        required=False,
        allow_null=True,
        help_text=_("The petition a 两非 lead came from."),
    )

    def validate(self, attrs):
        if "reporter" in self.initial_data:
            raise serializers.ValidationError(
                {
                    "reporter": [
                        _(
                            "The reporter is sealed: record it on the case page, "
                            "never through the API."
                        )
                    ]
                }
            )
        if attrs["kind"] == Case.Kind.LIANGFEI and not attrs.get("source"):
            raise serializers.ValidationError(
                {"source": [_("Say where the lead came from.")]}
            )
        return attrs


class TransitionSerializer(serializers.Serializer):
    """One move along the case's state machine; the service checks it is allowed."""

    to = serializers.ChoiceField(choices=Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("The day of the move (today when not given); never in the future."),
    )
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The opinion of a petition: support, explain or not support."),
    )
    satisfaction = serializers.ChoiceField(
        choices=Satisfaction.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The petitioner's rating, recorded when a petition is closed."),
    )
    close_reason = serializers.ChoiceField(
        choices=CloseReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Why a petition is closed."),
    )
    merged_into = VisibleRelatedField(
        selector=selectors.visible_cases, required=False, allow_null=True
    )

    def validate_on(self, value):
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError(
                _("A move cannot be dated in the future.")
            )
        return value
