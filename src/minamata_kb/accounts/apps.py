from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "minamata_kb.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
