"""Indexing runs as a background task; deleted and withdrawn resources leave the index."""

from __future__ import annotations

import json

import pytest

from minamata_kb.library.models import Resource
from minamata_kb.library.records import parse_record
from minamata_kb.library.services import delete_resource, save_resource, set_published
from minamata_kb.search import services
from minamata_kb.search.models import Passage, PassageVector


def make(ext_id: str, text: str, **extra):
    data = parse_record({"id": ext_id, "title": ext_id, "language": "en", "text": text, **extra})
    r, _ = save_resource(data, check_permission=False)
    return r


def test_saving_queues_a_task_when_a_worker_backend_is_used(ref_world, settings):
    from django_tasks import task_backends
    from django_tasks.backends.dummy import DummyBackend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    try:
        backend = task_backends["default"]
        assert isinstance(backend, DummyBackend)
        backend.clear()
        r = make("queued", "Mercury in fish.")
        assert not Passage.objects.filter(resource=r).exists()
        assert len(backend.results) == 1
        assert backend.results[0].args == [r.pk]
        from minamata_kb.search.tasks import index_resource_task

        index_resource_task.call(r.pk)
        assert Passage.objects.filter(resource=r).exists()
    finally:
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }


def test_unchanged_passages_keep_their_vectors(ref_world):
    r = make("keep", "First paragraph about retorts.\n\nSecond paragraph about gravity methods.")
    before = set(PassageVector.objects.filter(passage__resource=r).values_list("vector", flat=True))
    from minamata_kb.search.indexing import index_resource

    index_resource(r.pk)
    after = set(PassageVector.objects.filter(passage__resource=r).values_list("vector", flat=True))
    assert {bytes(b) for b in before} == {bytes(a) for a in after}


def test_deleted_and_withdrawn_resources_disappear(ref_world):
    r = make("gone", "Chlor-alkali plants converting away from mercury cells.")
    keep = make("stay", "Membrane cell technology for chlor-alkali production.")
    assert "gone" in [h.id for h in services.search("chlor-alkali mercury cells").hits]
    set_published(r, False, check_permission=False)
    assert "gone" not in [h.id for h in services.search("chlor-alkali mercury cells").hits]
    delete_resource(Resource.objects.get(pk=r.pk), check_permission=False)
    assert not Passage.objects.filter(resource_id=r.pk).exists()
    ids = [h.id for h in services.search("chlor-alkali mercury cells").hits]
    assert "gone" not in ids and keep.external_id in ids


def test_admin_style_delete_cleans_fulltext(ref_world):
    from django.db import connection

    from minamata_kb.search import fts

    r = make("adm", "Lamps containing mercury.")
    pids = list(Passage.objects.filter(resource=r).values_list("pk", flat=True))
    r.delete()
    key = "passage_id" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cur:
        marks = ",".join(["%s"] * len(pids))
        cur.execute(f"SELECT COUNT(*) FROM {fts.TABLE} WHERE {key} IN ({marks})", pids)  # noqa: S608
        assert cur.fetchone()[0] == 0


@pytest.mark.integration
def test_demo_resources_import_cleanly(ref_world, settings):
    from pathlib import Path

    path = Path(settings.DATA_DIR) / "demo" / "resources.jsonl"
    if not path.exists():  # the demo file is part of the repository; guard for partial checkouts
        return
    from minamata_kb.library.transfer import import_lines

    lines = path.read_bytes().splitlines()
    out = import_lines(lines)
    assert not out.errors, out.errors
    drafts = [json.loads(x)["id"] for x in lines if json.loads(x).get("published") is False]
    hits = services.search("mercury", limit=100).hits
    assert not set(drafts) & {h.id for h in hits}


def test_reindex_command(ref_world, capsys):
    from minamata_kb.cli import main

    make("cmd-1", "Mercury-added products: thermometers and sphygmomanometers.")
    Passage.objects.all().delete()
    assert main(["reindex"]) == 0
    assert "reindexed 1 resource(s)" in capsys.readouterr().err
    assert Passage.objects.filter(resource__external_id="cmd-1").exists()
    assert main(["reindex", "--resource", "cmd-1"]) == 0
    assert main(["reindex", "--resource", "nope"]) != 0
