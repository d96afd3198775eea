from django.contrib import admin

from minamata_kb.search.models import QueryLog


@admin.register(QueryLog)
class QueryLogAdmin(admin.ModelAdmin):
    list_display = ("query", "language", "results", "clicks", "source", "took_ms", "created_at")
    list_filter = ("source", "language")
    search_fields = ("query",)
