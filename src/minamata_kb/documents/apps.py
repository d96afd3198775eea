from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "minamata_kb.documents"
    label = "documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """The documents app is the archive of the registered COP document kinds (the analysis
        of national reports, the technology review): their apps freeze input and keep files
        through `publishing.editions`, which hands them to `documents.editions`."""
        from minamata_kb.documents import editions
        from minamata_kb.publishing.editions import provide_archive

        provide_archive(editions)
