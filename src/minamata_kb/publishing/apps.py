from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """No models: an app so that the catalogue of its shared phrases (locale/) is loaded."""

    name = "minamata_kb.publishing"
    label = "publishing"
