from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "minamata_kb.open_data"
    label = "open_data"
    default_auto_field = "django.db.models.BigAutoField"
