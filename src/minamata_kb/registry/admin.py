from django.contrib import admin

from minamata_kb.registry.models import Contact, Country, DatasetInfo, Organisation, Party


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("name_en", "iso3", "m49", "region", "ldc", "sids", "lldc", "eit")
    list_filter = ("region", "ldc", "sids", "lldc", "eit")
    search_fields = ("name_en", "iso3")


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ("name_en", "code", "kind", "deposit_date", "entry_into_force")
    search_fields = ("name_en", "code")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "host_country")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    filter_horizontal = ("countries_served",)


admin.site.register(Contact)
admin.site.register(DatasetInfo)
