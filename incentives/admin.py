"""Operator screens for benefits.

Operators maintain the catalogue: schemes, their rate tables (national base and local
top-ups with effective dates) and bank file layouts. Everything about residents and
money changes only through the services (review chain, batches), so it is read-only
here, and account numbers show masked.
"""

from django.contrib import admin

from bureau.admin_base import ReadOnlyAdmin
from incentives.models import (
    Application,
    BankAccount,
    BankFileJob,
    BankFileLayout,
    Entitlement,
    PayoutBatch,
    Rate,
    Scheme,
)


class RateInline(admin.TabularInline):
    model = Rate
    extra = 0
    fields = ["category", "source", "amount", "per", "effective_from", "effective_to"]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "pay_every", "notice_days", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    inlines = [RateInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BankFileLayout)
class BankFileLayoutAdmin(admin.ModelAdmin):
    list_display = ["name", "file_format", "encoding", "is_default"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "scheme", "year", "person", "village", "status"]
    list_filter = ["scheme", "status"]
    list_select_related = ["scheme", "person", "village"]
    exclude = ["conditions"]


@admin.register(Entitlement)
class EntitlementAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "scheme",
        "category",
        "person",
        "village",
        "status",
        "starts_on",
    ]
    list_filter = ["scheme", "status"]
    list_select_related = ["scheme", "person", "village"]


@admin.register(BankAccount)
class BankAccountAdmin(ReadOnlyAdmin):
    list_display = ["pk", "person", "scheme", "bank_name", "masked_number", "is_active"]
    list_select_related = ["person", "scheme"]
    fields = [
        "person",
        "scheme",
        "bank_name",
        "branch",
        "holder_name",
        "masked_number",
        "is_active",
    ]
    readonly_fields = fields


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyAdmin):
    list_display = ["pk", "scheme", "period", "status", "line_count", "total_amount"]
    list_filter = ["scheme", "status"]


@admin.register(BankFileJob)
class BankFileJobAdmin(ReadOnlyAdmin):
    """Requests for bank files and how each ended (the file itself stays off screen)."""

    list_display = ["pk", "batch", "status", "deliveries", "requested_by", "created_at"]
    list_filter = ["status"]
    exclude = ["bank_file"]
