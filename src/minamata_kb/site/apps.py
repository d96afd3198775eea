from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site's own face: home page, navigation, health probes, backup and restore.

    It sits on top of every domain app (pyproject.toml, import contract), so `core` below stays
    framework-light and knows no domain app."""

    name = "minamata_kb.site"
    label = "site"
    default_auto_field = "django.db.models.BigAutoField"
