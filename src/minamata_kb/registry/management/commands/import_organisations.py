"""`minamata-kb import organisations FILE.csv [--dry-run]`."""

from minamata_kb.core.commands import ImportCommand
from minamata_kb.registry.services import import_organisations


class Command(ImportCommand):
    help = "Upsert organisations from a CSV; a file with any bad row is rejected whole."
    importer = staticmethod(import_organisations)
