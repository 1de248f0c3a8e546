"""Operator screens for check-ups.

Operators keep the service catalogue: rename an item, switch it off, change which sexes
it applies to. Campaigns are shown for reference; they, invitations and visits change
only through the services. Visits, findings, assessments and counselling are health
data and have no admin screen at all: they are read on the scoped pages only.
"""

from django.contrib import admin

from bureau.admin_base import ReadOnlyAdmin
from checkups.models import Campaign, ServiceItem, Site


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "number",
        "name",
        "campaign_kind",
        "group",
        "for_women",
        "for_men",
        "is_active",
    ]
    list_filter = ["campaign_kind", "group", "is_active"]
    search_fields = ["code", "name"]
    ordering = ["campaign_kind", "number"]

    def has_delete_permission(self, request, obj=None):
        # Visits refer to items; switch an item off instead.
        return False


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "address", "township"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "year", "quarter", "starts_on", "ends_on", "status"]
    list_filter = ["kind", "status", "year"]
    inlines = [SiteInline]
