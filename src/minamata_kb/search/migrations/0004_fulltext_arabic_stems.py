"""Rebuild the full-text rows: Arabic words are now indexed by their light stem
(text.index_text), so «الملغم» and «ملغم» match each other. Passages and vectors untouched."""

import itertools

from django.db import migrations


def forwards(apps, schema_editor):
    from minamata_kb.search import fts

    Passage = apps.get_model("search", "Passage")
    with schema_editor.connection.cursor() as cur:
        cur.execute(f"DELETE FROM {fts.TABLE}")  # noqa: S608
    rows = (
        Passage.objects.order_by("pk")
        .select_related("resource")
        .only("pk", "text", "resource__title", "resource__language")
        .iterator(chunk_size=2000)
    )
    while batch := list(itertools.islice(rows, 2000)):
        fts.insert((p.pk, p.resource.language, p.resource.title, p.text) for p in batch)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fulltext_vocab")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
