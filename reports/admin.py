"""Operator screens for reports: read-only, since every change has a rule in the services
(issuing, publication, revisions, yellow-card decisions are made on the reports pages)."""

from django.contrib import admin

from bureau.admin_base import ReadOnlyAdmin
from reports.models import (
    Directive,
    LedgerEntry,
    MonthlyFigure,
    Publication,
    RankingRun,
    Receipt,
    YellowCard,
)


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyAdmin):
    list_display = ["month", "title", "status", "issued_at"]
    list_filter = ["status"]


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ["directive", "township", "signed_at", "signed_by"]
    list_filter = ["directive"]
    list_select_related = ["directive", "township", "signed_by"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["item", "township", "due_on", "status", "closed_at"]
    list_filter = ["status", "item__directive"]
    list_select_related = ["item", "township"]


@admin.register(RankingRun)
class RankingRunAdmin(ReadOnlyAdmin):
    list_display = [
        "directive",
        "status",
        "is_current",
        "as_of",
        "started_at",
        "finished_at",
    ]
    list_filter = ["status", "is_current"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["directive", "version", "run", "published_by", "published_at"]


@admin.register(YellowCard)
class YellowCardAdmin(ReadOnlyAdmin):
    list_display = [
        "directive",
        "township",
        "reason",
        "status",
        "decided_by",
        "plan_due_on",
    ]
    list_filter = ["status", "reason"]


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(ReadOnlyAdmin):
    list_display = ["month", "township", "indicator", "numerator", "denominator"]
    list_filter = ["month", "indicator"]
