from django.contrib import admin

from minamata_kb.library.models import Resource, ResourceFile


class FileInline(admin.TabularInline):
    model = ResourceFile
    extra = 0
    fields = ("filename", "kind", "size", "sha256", "language", "uploaded_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("external_id", "title", "language", "type", "year", "published")
    list_filter = ("published", "language", "type")
    search_fields = ("external_id", "title")
    filter_horizontal = ("articles", "topics", "countries")
    inlines = [FileInline]
