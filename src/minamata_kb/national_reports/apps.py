from django.apps import AppConfig


class NationalReportsConfig(AppConfig):
    name = "minamata_kb.national_reports"
    label = "national_reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """The analysis of national reports is a COP document kind (publishing.editions): the
        documents app lists it and builds it."""
        from minamata_kb.national_reports.documents import KIND, build, collect
        from minamata_kb.publishing import editions

        editions.register(KIND, collect, build)
