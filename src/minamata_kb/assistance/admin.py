from django.contrib import admin

from minamata_kb.assistance.models import Attachment, Request, Transition
from minamata_kb.core.admin import rows_of


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    """Read mostly: the workflow goes through the service layer (pages and API)."""

    list_display = ("id", "party", "kind", "title", "state", "assignee", "due_date", "published")
    list_filter = ("state", "kind", "published")
    search_fields = ("title", "text")
    readonly_fields = ("state", "received_at", "answered_at", "closed_at")
    inlines = [
        rows_of(Transition, readonly_fields=("from_state", "to_state", "actor", "at", "note")),
        rows_of(Attachment, readonly_fields=("filename", "size", "sha256")),
    ]
