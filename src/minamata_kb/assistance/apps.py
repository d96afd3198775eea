from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "minamata_kb.assistance"
    label = "assistance"
    default_auto_field = "django.db.models.BigAutoField"
