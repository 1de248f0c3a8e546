"""Operator screens: users, org units (with spreadsheet import), access events."""

import datetime

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin

from bureau.admin_base import ReadOnlyAdmin
from bureau.clocks import reschedule_clocks
from bureau.models import (
    AccessEvent,
    CalendarDay,
    DeadlineClock,
    HolidaySchedule,
    Township,
    User,
    Village,
)
from bureau.resources import TownshipResource, VillageResource

# The product's name in the admin's header and title (not "Django administration").
admin.site.site_header = _("Population and family services · administration")
admin.site.site_title = _("Population and family services")
admin.site.index_title = _("Administration")


class NeverDeleteMixin:
    """Org units end with valid_to and a successor; they are never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Township)
class TownshipAdmin(NeverDeleteMixin, ImportExportModelAdmin):
    resource_classes = [TownshipResource]
    list_display = ["code", "name", "kind", "valid_from", "valid_to", "successor"]
    search_fields = ["code", "name"]
    list_filter = ["kind"]


@admin.register(Village)
class VillageAdmin(NeverDeleteMixin, ImportExportModelAdmin):
    resource_classes = [VillageResource]
    list_display = ["code", "name", "township", "urban_rural_code", "valid_to"]
    search_fields = ["code", "name"]
    list_filter = ["township"]
    list_select_related = ["township"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "townships"]
    search_fields = ["username", "full_name"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Role and townships"), {"fields": ["full_name", "role", "townships"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and townships"), {"fields": ["full_name", "role", "townships"]}),
    ]
    filter_horizontal = ["townships"]


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "kind", "subject", "object_id", "row_count"]
    list_filter = ["kind"]


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 3
    ordering = ["date"]


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):
    """One year of the State Council schedule; enter next year's when the notice is out."""

    list_display = ["year", "notice", "published_on", "complete"]
    inlines = [CalendarDayInline]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _reschedule(self, request, since=datetime.date(form.instance.year, 1, 1))


def _reschedule(model_admin, request, *, since):
    """Open clocks due after a changed day get their dates from the table as it is now."""
    moved = reschedule_clocks(since=since)
    if moved:
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d open deadline was recalculated.",
                "%(count)d open deadlines were recalculated.",
                moved,
            )
            % {"count": moved},
        )


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name", "schedule"]
    list_filter = ["schedule__year", "kind"]
    date_hierarchy = "date"

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        return obj.date.strftime("%a")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        before = form.initial.get("date") or obj.date
        _reschedule(self, request, since=min(before, obj.date))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _reschedule(self, request, since=obj.date)

    def delete_queryset(self, request, queryset):
        first = min(queryset.values_list("date", flat=True), default=None)
        super().delete_queryset(request, queryset)
        if first is not None:
            _reschedule(self, request, since=first)


@admin.register(DeadlineClock)
class DeadlineClockAdmin(ReadOnlyAdmin):
    """Read-only view for operators; clocks change only through bureau.clocks."""

    list_display = ["label", "township", "state", "started_on", "due_on", "warned_at"]
    list_filter = ["state", "unit", "township"]
    search_fields = ["label", "kind", "object_id"]
    list_select_related = ["township"]
