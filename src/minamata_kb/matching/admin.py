from django.contrib import admin

from minamata_kb.core.admin import rows_of
from minamata_kb.matching.models import DuplicatePair, Match, Need, Technology


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ("id", "party", "priority", "status", "source_kind", "published", "created_at")
    list_filter = ("status", "priority", "source_kind", "published")
    search_fields = ("text", "party__code", "source_ref")
    inlines = [
        rows_of(
            Match,
            fields=("kind", "target_ref", "target_label", "score", "rank", "decision"),
            readonly_fields=("kind", "target_ref", "target_label", "score", "rank"),
        )
    ]


@admin.register(DuplicatePair)
class DuplicatePairAdmin(admin.ModelAdmin):
    list_display = ("id", "first", "second", "similarity", "decision")
    list_filter = ("decision",)


@admin.register(Technology)
class TechnologyAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "sector", "maturity", "published")
    list_filter = ("sector", "maturity", "published")
    search_fields = ("name", "replaces")
