from django.apps import AppConfig


class NationalReportsConfig(AppConfig):
    name = "minamata_kb.national_reports"
    label = "national_reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """The analysis of national reports is a COP document the documents app can build."""
        from minamata_kb.documents import editions
        from minamata_kb.national_reports.documents import KIND, build, collect

        editions.register(KIND, collect, build)
