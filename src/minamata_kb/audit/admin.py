from django.contrib import admin
from django.http import HttpRequest

from minamata_kb.audit.models import ChangeRecord


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "entity", "object_id", "object_repr")
    list_filter = ("action", "entity")
    readonly_fields = [f.name for f in ChangeRecord._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ChangeRecord | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ChangeRecord | None = None) -> bool:
        return False
