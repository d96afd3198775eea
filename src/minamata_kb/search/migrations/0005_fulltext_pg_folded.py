"""PostgreSQL: rebuild the full-text rows, now indexed folded like the queries (fts.pg_text:
lower case, no diacritics), so «évaluations» and «evaluations» match each other. The same
rebuild as 0004; SQLite's index is untouched (FTS5 folds by itself)."""

import importlib

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    rebuild = importlib.import_module(
        "minamata_kb.search.migrations.0004_fulltext_arabic_stems"
    ).forwards
    rebuild(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_fulltext_arabic_stems")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
