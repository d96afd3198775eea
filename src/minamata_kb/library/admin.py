from django.contrib import admin

from minamata_kb.core.admin import rows_of
from minamata_kb.library.models import Resource, ResourceFile

FILE_FIELDS = ("filename", "kind", "size", "sha256", "language", "uploaded_at")


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("external_id", "title", "language", "type", "year", "published")
    list_filter = ("published", "language", "type")
    search_fields = ("external_id", "title")
    filter_horizontal = ("articles", "topics", "countries")
    inlines = [
        rows_of(
            ResourceFile,
            fields=FILE_FIELDS,
            readonly_fields=FILE_FIELDS,
            can_delete=False,
        )
    ]
