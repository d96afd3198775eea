"""SQLite: the fts5vocab view of the full-text table (document frequency of each term)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from minamata_kb.search import fts

    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cur:
            cur.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts.VOCAB} "
                f"USING fts5vocab({fts.TABLE}, 'row')"
            )


def backwards(apps, schema_editor):
    from minamata_kb.search import fts

    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {fts.VOCAB}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]
    operations = [migrations.RunPython(forwards, backwards)]
