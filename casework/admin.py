"""Operator screens for casework: every row is written by the services, so all read-only.

The sealed reporter and a practitioner's encrypted identity number are never shown.
"""

from django.contrib import admin

from bureau.admin_base import ReadOnlyAdmin
from casework.models import (
    Case,
    CaseParty,
    CaseTarget,
    Decision,
    FinePayment,
    Lead,
    Penalty,
    Practitioner,
    Provider,
    ReporterReward,
    SeizedItem,
)


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "township", "status", "opened_on"]
    list_filter = ["kind", "status", "year"]
    list_select_related = ["township"]
    search_fields = ["number", "title"]
    exclude = ["reporter_encrypted"]


@admin.register(Provider)
class ProviderAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "credit_code", "township"]
    list_filter = ["kind"]
    list_select_related = ["township"]
    search_fields = ["name", "credit_code", "licence_number"]


@admin.register(Practitioner)
class PractitionerAdmin(ReadOnlyAdmin):
    list_display = ["name", "masked_id_number", "licence_number", "provider"]
    list_select_related = ["provider"]
    search_fields = ["name", "licence_number"]
    exclude = ["id_number_encrypted", "id_number_digest"]


@admin.register(CaseParty)
class CasePartyAdmin(ReadOnlyAdmin):
    list_display = ["case", "provider", "practitioner", "role"]
    list_select_related = ["case", "provider", "practitioner"]


@admin.register(Lead)
class LeadAdmin(ReadOnlyAdmin):
    list_display = ["case", "source", "received_at"]
    list_filter = ["source"]
    list_select_related = ["case"]


@admin.register(ReporterReward)
class ReporterRewardAdmin(ReadOnlyAdmin):
    list_display = ["case", "amount", "paid_on", "approved_by"]
    list_select_related = ["case", "approved_by"]


class PenaltyInline(admin.TabularInline):
    model = Penalty
    extra = 0
    fields = ["type", "amount", "due_on", "note"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["case", "outcome", "decided_on", "served_on"]
    list_filter = ["outcome"]
    list_select_related = ["case"]
    inlines = [PenaltyInline]


@admin.register(FinePayment)
class FinePaymentAdmin(ReadOnlyAdmin):
    list_display = ["penalty", "paid_on", "amount", "receipt_number"]
    list_select_related = ["penalty"]


@admin.register(SeizedItem)
class SeizedItemAdmin(ReadOnlyAdmin):
    list_display = [
        "case",
        "type",
        "description",
        "quantity",
        "seal_number",
        "disposal",
    ]
    list_filter = ["type", "disposal"]
    list_select_related = ["case"]


@admin.register(CaseTarget)
class CaseTargetAdmin(ReadOnlyAdmin):
    list_display = ["township", "year", "kind", "cases", "set_by_body"]
    list_filter = ["year", "kind"]
    list_select_related = ["township"]
