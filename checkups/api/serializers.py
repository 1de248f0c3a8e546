"""Shapes of check-ups in the API. ID numbers appear masked only; health details
(findings, services, medicine, referrals, risk factors, counselling) only for users
who see them in the row's township."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bureau.api import fields
from checkups.models import (
    Campaign,
    Couple,
    Invitation,
    Referral,
    RiskAssessment,
    Visit,
    VisitService,
)
from checkups.selectors import visible_invitations, visible_sites
from households.selectors import visible_persons


@extend_schema_field(OpenApiTypes.INT)
class VisibleRelatedField(fields.VisibleRelatedField):
    """An integer key of a row the selector shows the requesting user."""


@extend_schema_field(OpenApiTypes.STR)
class VisibleTownshipField(fields.VisibleTownshipField):
    """A township code the user serves."""


class HealthDetailsMixin:
    """Drops `health_fields` unless the row's township is one the user sees details of.

    The viewset puts the set of such township codes in the context ("details_in").
    """

    health_fields: tuple[str, ...] = ()

    def township_of(self, instance) -> str:
        return instance.township_id

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.township_of(instance) not in self.context.get("details_in", ()):
            for name in self.health_fields:
                data.pop(name, None)
        return data


class CampaignSerializer(serializers.ModelSerializer):
    townships = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "kind",
            "year",
            "quarter",
            "name",
            "starts_on",
            "ends_on",
            "status",
            "townships",
            "opened_at",
            "targets_generated_at",
            "closed_at",
            "version",
        ]
        read_only_fields = fields


class CampaignCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Campaign.Kind.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.ChoiceField(choices=Campaign.Quarter.choices)
    name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    townships = VisibleTownshipField(many=True)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class CoverageSerializer(serializers.Serializer):
    """One line of the coverage table: invited leaves out moved away and declined."""

    key = serializers.CharField()
    name = serializers.CharField()
    invited = serializers.IntegerField()
    attended = serializers.IntegerField()
    declined = serializers.IntegerField()
    moved_away = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class CampaignCoverageSerializer(serializers.Serializer):
    total = CoverageSerializer()
    townships = CoverageSerializer(many=True)
    villages = CoverageSerializer(many=True)


class InvitationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", default=None)
    masked_id_number = serializers.CharField(
        source="person.masked_id_number", default=None
    )

    class Meta:
        model = Invitation
        fields = [
            "id",
            "campaign",
            "person",
            "person_name",
            "masked_id_number",
            "couple",
            "household",
            "village",
            "township",
            "status",
            "status_note",
            "reminded_at",
            "status_changed_at",
            "version",
        ]
        read_only_fields = fields


class InvitationStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["reminded", "declined", "unreachable", "moved_away"]
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)
    version = serializers.IntegerField(required=False)


class VisitServiceSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)

    class Meta:
        model = VisitService
        fields = ["item", "item_code", "outcome"]


class ReferralSerializer(serializers.ModelSerializer):
    class Meta:
        model = Referral
        fields = [
            "id",
            "visit",
            "destination",
            "reason",
            "referred_on",
            "follow_up_on",
            "outcome",
            "outcome_note",
            "outcome_recorded_at",
            "version",
        ]
        read_only_fields = fields


class VisitSerializer(HealthDetailsMixin, serializers.ModelSerializer):
    health_fields = (
        "findings",
        "finding_category",
        "finding_notes",
        "free_medicine",
        "services",
        "referrals",
    )
    person_name = serializers.CharField(source="person.name", read_only=True)
    is_complete = serializers.BooleanField(read_only=True)
    examiner = serializers.StringRelatedField()
    verifier = serializers.StringRelatedField()
    services = VisitServiceSerializer(many=True, read_only=True)
    referrals = ReferralSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "invitation",
            "person",
            "person_name",
            "visited_on",
            "site",
            "identity_method",
            "examiner",
            "examiner_signed_at",
            "verifier",
            "verifier_signed_at",
            "is_complete",
            "findings",
            "finding_category",
            "finding_notes",
            "free_medicine",
            "services",
            "referrals",
            "version",
        ]
        read_only_fields = fields

    def township_of(self, instance) -> str:
        return instance.invitation.township_id


class OutcomeSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=VisitService.Outcome.choices)


class ReferralInSerializer(serializers.Serializer):
    destination = serializers.CharField(max_length=200)
    reason = serializers.CharField(max_length=300)
    follow_up_on = serializers.DateField(required=False, allow_null=True)


class VisitCreateSerializer(serializers.Serializer):
    """Recording a visit signs it as examiner (the requesting user)."""

    invitation = VisibleRelatedField(selector=visible_invitations)
    person = VisibleRelatedField(selector=visible_persons, required=False)
    visited_on = serializers.DateField()
    site = VisibleRelatedField(selector=visible_sites, required=False, allow_null=True)
    identity_method = serializers.ChoiceField(choices=Visit.IdentityMethod.choices)
    services = OutcomeSerializer(many=True)
    findings = serializers.ChoiceField(choices=Visit.Findings.choices)
    finding_category = serializers.ChoiceField(
        choices=Visit.FindingCategory.choices, required=False, allow_blank=True
    )
    finding_notes = serializers.CharField(required=False, allow_blank=True)
    free_medicine = serializers.CharField(
        required=False, allow_blank=True, max_length=200
    )
    referral = ReferralInSerializer(required=False, allow_null=True)


class ReferralOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Referral.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)
    version = serializers.IntegerField(required=False)


class CoupleSerializer(serializers.ModelSerializer):
    woman_name = serializers.CharField(source="woman.name", read_only=True)
    man_name = serializers.CharField(source="man.name", read_only=True)
    woman_masked_id_number = serializers.CharField(
        source="woman.masked_id_number", read_only=True
    )
    man_masked_id_number = serializers.CharField(
        source="man.masked_id_number", read_only=True
    )

    class Meta:
        model = Couple
        fields = [
            "id",
            "woman",
            "woman_name",
            "woman_masked_id_number",
            "man",
            "man_name",
            "man_masked_id_number",
            "registered_on",
            "village",
            "township",
            "status",
            "version",
        ]
        read_only_fields = fields


class CoupleCreateSerializer(serializers.Serializer):
    woman = VisibleRelatedField(selector=visible_persons)
    man = VisibleRelatedField(selector=visible_persons)
    registered_on = serializers.DateField()


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskAssessment
        fields = [
            "id",
            "couple",
            "person",
            "visit",
            "outcome",
            "factors",
            "risk_class",
            "notes",
            "assessed_on",
            "version",
        ]
        read_only_fields = fields


class AssessmentInSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=RiskAssessment.Outcome.choices)
    factors = serializers.ListField(
        child=serializers.ChoiceField(choices=RiskAssessment.Factor.choices),
        required=False,
        default=list,
    )
    risk_class = serializers.ChoiceField(
        choices=RiskAssessment.RiskClass.choices, required=False, allow_blank=True
    )
    notes = serializers.CharField(required=False, allow_blank=True)
    assessed_on = serializers.DateField()


class CounsellingInSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    counselled_on = serializers.DateField()
    content = serializers.CharField(max_length=2000)


class FollowUpSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    village = serializers.CharField(source="couple.village_id", read_only=True)

    class Meta:
        model = RiskAssessment
        fields = ["id", "couple", "person", "person_name", "village", "assessed_on"]
        read_only_fields = fields
