"""Admin for the reporting format and cycles (officers configure cycles here)."""

from django.contrib import admin

from minamata_kb.core.admin import rows_of
from minamata_kb.national_reports.models import (
    Answer,
    Cycle,
    NationalReport,
    Part,
    Question,
    ReportingFormat,
)


@admin.register(ReportingFormat)
class ReportingFormatAdmin(admin.ModelAdmin):
    list_display = ("version", "name", "decision", "adopted", "is_current")
    inlines = [
        rows_of(
            Question, fields=("number", "part", "article", "short_report", "answer_type", "text_en")
        )
    ]


@admin.register(Part)
class PartAdmin(admin.ModelAdmin):
    list_display = ("format", "code", "title_en")


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "format", "period_start", "period_end", "deadline")


@admin.register(NationalReport)
class NationalReportAdmin(admin.ModelAdmin):
    list_display = ("party", "cycle", "status", "published", "submitted_at", "source")
    list_filter = ("cycle", "status", "published")
    inlines = [rows_of(Answer)]
