from django.contrib import admin

from minamata_kb.activities.models import (
    Activity,
    ActivityOutput,
    BudgetLine,
    Event,
    EventMaterial,
    Participation,
    Result,
    WorkProgrammeItem,
)
from minamata_kb.core.admin import rows_of


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "status", "channel", "published")
    list_filter = ("status", "channel", "published")
    search_fields = ("code", "title")
    filter_horizontal = ("beneficiary_countries", "executing_partners", "topics", "articles")
    inlines = [rows_of(ActivityOutput), rows_of(Result)]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "kind", "series", "start_date", "published")
    list_filter = ("kind", "series", "published")
    search_fields = ("code", "title")
    inlines = [
        rows_of(Participation),
        rows_of(EventMaterial, fields=("kind", "resource_ref", "title", "url")),
    ]


@admin.register(WorkProgrammeItem)
class WorkProgrammeItemAdmin(admin.ModelAdmin):
    list_display = ("biennium", "code", "title", "planned_deliveries")
    list_filter = ("biennium",)
    filter_horizontal = ("activities", "events")
    inlines = [rows_of(BudgetLine)]
