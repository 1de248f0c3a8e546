"""Operator screens for the register.

Register rows change only through the services (rules, version, audit context): the
household and person forms save through `update_household`/`update_person` with the
version the form was opened with (bureau.admin_base.ServiceFormAdmin), core facts
of a person are read-only (they change through a correction), ID numbers show masked
and their encrypted columns are never on a form.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from bureau.admin_base import ReadOnlyAdmin, ServiceFormAdmin
from households import services
from households.models import (
    Correction,
    CountyAgreement,
    Household,
    MigrantRecord,
    Person,
    SurnameReading,
)
from households.models.corrections import NON_CORE_FACTS


@admin.register(Household)
class HouseholdAdmin(ServiceFormAdmin):
    list_display = ["number", "village", "address", "head", "grid_cell", "version"]
    list_filter = ["village__township"]
    list_select_related = ["village", "head"]
    search_fields = ["number", "address"]
    fields = [
        "village",
        "number",
        "address",
        "grid_cell",
        "grid_staff",
        "head",
        "version",
    ]
    readonly_fields = ["village", "head", "version"]
    raw_id_fields = ["grid_staff"]
    service_fields = ("number", "address", "grid_cell", "grid_staff")

    def save_through_service(self, request, obj, changes, *, expected_version):
        services.update_household(
            by=request.user,
            household=Household.objects.get(pk=obj.pk),
            expected_version=expected_version,
            **changes,
        )


@admin.register(Person)
class PersonAdmin(ServiceFormAdmin):
    list_display = [
        "name",
        "masked_id_number",
        "sex",
        "birth_date",
        "household",
        "is_alive",
    ]
    list_filter = ["residence_status", "is_alive", "household__village__township"]
    list_select_related = ["household"]
    search_fields = ["name", "name_pinyin", "name_initials"]
    fields = [
        "household",
        "name",
        "name_pinyin",
        "document_type",
        "masked_id_number",
        "sex",
        "birth_date",
        "is_alive",
        "died_on",
        "relation_to_head",
        "ethnicity",
        "marital_status",
        "residence_status",
        "phones",
        "manual_pinyin",
        "mother",
        "father",
        "version",
    ]
    readonly_fields = [
        "household",
        "name",
        "name_pinyin",
        "document_type",
        "masked_id_number",
        "sex",
        "birth_date",
        "is_alive",
        "died_on",
        "version",
    ]
    raw_id_fields = ["mother", "father"]
    service_fields = NON_CORE_FACTS

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj):
        return obj.masked_id_number

    def save_through_service(self, request, obj, changes, *, expected_version):
        services.update_person(
            by=request.user,
            person=Person.objects.get(pk=obj.pk),
            expected_version=expected_version,
            **changes,
        )


@admin.register(SurnameReading)
class SurnameReadingAdmin(admin.ModelAdmin):
    list_display = ["surname", "pinyin"]
    search_fields = ["surname", "pinyin"]


@admin.register(CountyAgreement)
class CountyAgreementAdmin(admin.ModelAdmin):
    list_display = ["county_code", "county_name", "signed_on", "valid_to"]
    search_fields = ["county_code", "county_name"]


@admin.register(MigrantRecord)
class MigrantRecordAdmin(ReadOnlyAdmin):
    list_display = [
        "person",
        "direction",
        "county_code",
        "county_name",
        "since",
        "until",
    ]
    list_filter = ["direction"]
    list_select_related = ["person"]
    search_fields = ["county_code", "county_name", "person__name"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = [
        "person",
        "status",
        "source",
        "raised_by",
        "raised_at",
        "decided_by",
    ]
    list_filter = ["status", "source"]
    list_select_related = ["person", "raised_by", "decided_by"]
    fields = [
        "person",
        "changes",
        "reason",
        "source",
        "status",
        "raised_by",
        "raised_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    readonly_fields = fields

    @admin.display(description=_("changes"))
    def changes(self, obj):
        return "; ".join(
            f"{row['field']}: {row['before']} → {row['after']}"
            for row in services.correction_changes(obj)
        )
