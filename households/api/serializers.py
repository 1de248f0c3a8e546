"""Shapes of the register's API. They validate shape only; the services hold the rules."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bureau.api.fields import VisibleVillageField
from bureau.masking import mask_contact, mask_phone
from bureau.models import User
from bureau.scoping import visible_townships
from households import selectors, services
from households.idnumbers import DocumentType
from households.models import Correction, Household, MigrantRecord, Person
from households.models.person import Sex


@extend_schema_field(OpenApiTypes.INT)
class VisibleHouseholdField(serializers.PrimaryKeyRelatedField):
    """A household id, accepted only if the household is in one of the user's townships."""

    def get_queryset(self):
        return selectors.visible_households(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    """A person id, accepted only if the person is in one of the user's townships."""

    def get_queryset(self):
        return selectors.visible_persons(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class GridStaffField(serializers.PrimaryKeyRelatedField):
    """A user serving one of the requesting user's townships."""

    def get_queryset(self):
        townships = visible_townships(self.context["request"].user)
        return User.objects.filter(is_active=True, townships__in=townships).distinct()


class HouseholdSerializer(serializers.ModelSerializer):
    village = VisibleVillageField()
    township = serializers.CharField(source="village.township_id", read_only=True)
    grid_staff = GridStaffField(required=False, allow_null=True)
    head = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    head_name = serializers.CharField(source="head.name", read_only=True, default="")

    class Meta:
        model = Household
        fields = [
            "id",
            "number",
            "village",
            "township",
            "address",
            "grid_cell",
            "grid_staff",
            "head",
            "head_name",
            "dissolved_on",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["dissolved_on", "version", "created_at", "updated_at"]


class HouseholdUpdateSerializer(HouseholdSerializer):
    """An existing household: the village stays; the head is chosen among the members."""

    village = serializers.CharField(source="village_id", read_only=True)
    head = VisiblePersonField(required=False, allow_null=True)


class PersonSerializer(serializers.ModelSerializer):
    """A person as lists show them: the ID number only masked."""

    household = VisibleHouseholdField()
    village = serializers.CharField(source="household.village_id", read_only=True)
    township = serializers.CharField(
        source="household.village.township_id", read_only=True
    )
    id_number = serializers.CharField(write_only=True, max_length=40)
    masked_id_number = serializers.CharField(read_only=True)
    document_type = serializers.ChoiceField(
        choices=DocumentType.choices, default=DocumentType.RESIDENT_ID
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_null=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    mother = VisiblePersonField(required=False, allow_null=True)
    father = VisiblePersonField(required=False, allow_null=True)
    phones = serializers.ListField(
        child=serializers.CharField(max_length=20, allow_blank=True),
        required=False,
        write_only=True,
    )
    masked_phones = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "household",
            "village",
            "township",
            "name",
            "name_pinyin",
            "name_initials",
            "manual_pinyin",
            "document_type",
            "id_number",
            "masked_id_number",
            "sex",
            "birth_date",
            "ethnicity",
            "marital_status",
            "relation_to_head",
            "residence_status",
            "is_alive",
            "died_on",
            "mother",
            "father",
            "phones",
            "masked_phones",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "name_pinyin",
            "name_initials",
            "is_alive",
            "died_on",
            "version",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_masked_phones(self, person: Person) -> list[str]:
        return [mask_phone(phone) for phone in person.phones]


class PersonCreatedSerializer(PersonSerializer):
    """The answer to a registration: the person plus warnings about the number."""

    id_warnings = serializers.ListField(
        child=serializers.CharField(), read_only=True, default=list
    )

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "id_warnings"]


class PersonUpdateSerializer(PersonSerializer):
    """Non-core facts only; core facts change through a correction."""

    household = serializers.PrimaryKeyRelatedField(read_only=True)
    document_type = serializers.CharField(read_only=True)
    sex = serializers.CharField(read_only=True)
    birth_date = serializers.DateField(read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [f for f in PersonSerializer.Meta.fields if f != "id_number"]
        read_only_fields = [*PersonSerializer.Meta.read_only_fields, "name"]


class IdLookupSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=32)

    def validate_id_number(self, value):
        if not selectors.looks_like_id_number(value):
            raise serializers.ValidationError(
                _("Enter a whole 15- or 18-digit ID number.")
            )
        return value


class RevealRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class RevealedIdSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    document_type = serializers.CharField()
    id_number = serializers.CharField()


class MigrantRecordSerializer(serializers.ModelSerializer):
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.name", read_only=True)
    person_version = serializers.IntegerField(
        write_only=True,
        required=False,
        help_text="The person's version as you loaded it; a stale one answers 412.",
    )
    contact = serializers.CharField(
        max_length=100, required=False, allow_blank=True, write_only=True
    )
    masked_contact = serializers.SerializerMethodField()

    class Meta:
        model = MigrantRecord
        fields = [
            "id",
            "person",
            "person_name",
            "person_version",
            "direction",
            "county_code",
            "county_name",
            "since",
            "until",
            "workplace",
            "contact",
            "masked_contact",
            "created_at",
        ]
        read_only_fields = ["until", "created_at"]

    def get_masked_contact(self, record: MigrantRecord) -> str:
        return mask_contact(record.contact)


class CorrectionChangesSerializer(serializers.Serializer):
    """The core facts to change; give only the ones that change."""

    name = serializers.CharField(required=False, max_length=100)
    id_number = serializers.CharField(required=False, max_length=40, write_only=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    birth_date = serializers.DateField(required=False)
    household = VisibleHouseholdField(required=False)
    is_alive = serializers.BooleanField(required=False)
    died_on = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Give at least one fact to change.")
        return attrs


class CorrectionChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class CorrectionSerializer(serializers.ModelSerializer):
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.name", read_only=True)
    changes = CorrectionChangesSerializer(write_only=True)
    changed = serializers.SerializerMethodField()

    class Meta:
        model = Correction
        fields = [
            "id",
            "person",
            "person_name",
            "changes",
            "changed",
            "reason",
            "source",
            "status",
            "raised_by",
            "raised_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = [
            "status",
            "raised_by",
            "raised_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]

    @extend_schema_field(CorrectionChangeSerializer(many=True))
    def get_changed(self, correction: Correction) -> list[dict]:
        return services.correction_changes(correction)


class RejectSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = serializers.JSONField()
