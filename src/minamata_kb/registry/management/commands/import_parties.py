"""`minamata-kb import parties FILE.csv [--dry-run]`."""

from minamata_kb.core.commands import ImportCommand
from minamata_kb.registry.services import import_parties


class Command(ImportCommand):
    help = "Upsert parties from an authoritative CSV; a file with any bad row is rejected whole."
    importer = staticmethod(import_parties)
