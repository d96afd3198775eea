from django.contrib import admin
from django.http import HttpRequest

from minamata_kb.accounts.models import ApiToken, Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "party", "organisation", "language")
    list_filter = ("kind",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are listed and revoked here; created only on the tokens page or by the CLI (the
    secret is shown once there, and only its hash is kept)."""

    list_display = (
        "name",
        "owner",
        "scope",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("scope",)
    search_fields = ("name", "owner__username", "prefix")
    readonly_fields = ("owner", "name", "scope", "prefix", "digest", "created_at", "last_used_at")
    fields = (*readonly_fields, "expires_at", "revoked_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
