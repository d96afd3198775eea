from django.contrib import admin

from minamata_kb.accounts.models import Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "party", "organisation", "language")
    list_filter = ("kind",)
