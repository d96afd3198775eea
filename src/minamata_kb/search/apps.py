from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "minamata_kb.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minamata_kb.search import signals  # noqa: F401
