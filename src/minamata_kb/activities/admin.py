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


class OutputInline(admin.TabularInline):
    model = ActivityOutput
    extra = 0


class ResultInline(admin.TabularInline):
    model = Result
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "status", "channel", "published")
    list_filter = ("status", "channel", "published")
    search_fields = ("code", "title")
    filter_horizontal = ("beneficiary_countries", "executing_partners", "topics", "articles")
    inlines = [OutputInline, ResultInline]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0


class MaterialInline(admin.TabularInline):
    model = EventMaterial
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "kind", "series", "start_date", "published")
    list_filter = ("kind", "series", "published")
    search_fields = ("code", "title")
    inlines = [ParticipationInline, MaterialInline]


class BudgetInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(WorkProgrammeItem)
class WorkProgrammeItemAdmin(admin.ModelAdmin):
    list_display = ("biennium", "code", "title", "planned_deliveries")
    list_filter = ("biennium",)
    filter_horizontal = ("activities", "events")
    inlines = [BudgetInline]
