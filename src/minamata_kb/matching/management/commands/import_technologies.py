"""`minamata-kb import technologies FILE.csv|FILE.json [--dry-run]`: upsert the catalogue."""

from minamata_kb.core.commands import ImportCommand
from minamata_kb.matching.catalogue import import_technologies


class Command(ImportCommand):
    help = (
        "Upsert technologies from a CSV or JSON export; a file with any bad row is rejected whole."
    )
    importer = staticmethod(import_technologies)
