from django.apps import AppConfig


class NationalReportsConfig(AppConfig):
    name = "minamata_kb.national_reports"
    label = "national_reports"
    default_auto_field = "django.db.models.BigAutoField"
