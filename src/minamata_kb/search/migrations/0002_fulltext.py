"""The full-text table: FTS5 on SQLite, tsvector + GIN on PostgreSQL (see search/fts.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from minamata_kb.search import fts

    fts.create_table(schema_editor)


def backwards(apps, schema_editor):
    from minamata_kb.search import fts

    fts.drop_table(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
