"""Writes to the search index: passages, vectors and full-text rows for one resource."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable

import numpy as np
from django.db import transaction

from minamata_kb.library.models import Resource
from minamata_kb.search import fts
from minamata_kb.search.embedders import embedder_names, get_embedder
from minamata_kb.search.index import bump_version
from minamata_kb.search.models import Passage, PassageVector
from minamata_kb.search.text import chunk_text


def _digest(title: str, chunk: str) -> str:
    return hashlib.sha256(f"{title}\n{chunk}".encode()).hexdigest()[:32]


def passages_for(resource: Resource) -> list[str]:
    """The passages a resource is split into (at least one: its title), at most
    MAX_INDEXED_PASSAGES: embedding is linear in passages (and superlinear in a passage's
    tokens), so this bounds the cost of indexing one resource."""
    from django.conf import settings

    chunks = chunk_text(resource.full_text())
    return chunks[: int(getattr(settings, "MAX_INDEXED_PASSAGES", 300))] or [resource.title]


def embed_inputs(title: str, chunks: list[str]) -> list[str]:
    """What the embedders see: the title gives every passage its context."""
    return [f"{title}\n{c}" for c in chunks]


def _existing_vectors(resource_id: int) -> dict[tuple[str, str], bytes]:
    """Vectors of the resource's current passages, by (digest, model): unchanged text is not
    embedded again."""
    out: dict[tuple[str, str], bytes] = {}
    old = {
        p.pk: p
        for p in Passage.objects.filter(resource_id=resource_id).only("id", "text", "resource")
    }
    if not old:
        return out

    title = Resource.objects.filter(pk=resource_id).values_list("title", flat=True).first() or ""
    for pid, model, blob in PassageVector.objects.filter(passage_id__in=list(old)).values_list(
        "passage_id", "model", "vector"
    ):
        # The stored digest is recomputed from the old text and the *current* title: a title
        # change changes every input and so forces re-embedding, as it should.
        out[(_digest(title, old[pid].text), model)] = bytes(blob)
    return out


def remove_resource(resource_id: int) -> None:
    """Take a resource out of the index."""
    with transaction.atomic():
        ids = list(Passage.objects.filter(resource_id=resource_id).values_list("id", flat=True))
        fts.delete(ids)
        Passage.objects.filter(pk__in=ids).delete()
        bump_version()


def index_resource(resource_id: int, *, reuse: dict | None = None) -> int:
    """(Re)build a resource's passages, vectors and full-text rows; returns the passage count."""

    resource = Resource.objects.filter(pk=resource_id).prefetch_related("files").first()
    if resource is None:
        remove_resource(resource_id)
        return 0
    chunks = passages_for(resource)
    inputs = embed_inputs(resource.title, chunks)
    digests = [_digest(resource.title, c) for c in chunks]
    known = _existing_vectors(resource_id) if reuse is None else reuse
    vectors: dict[str, list[bytes]] = {}
    for name in embedder_names():
        todo = [i for i, d in enumerate(digests) if (d, name) not in known]
        fresh: dict[int, bytes] = {}
        if todo:
            mat = get_embedder(name).embed_passages([inputs[i] for i in todo])
            fresh = {
                i: np.asarray(v, dtype=np.float32).tobytes() for i, v in zip(todo, mat, strict=True)
            }
        vectors[name] = [fresh.get(i) or known[(d, name)] for i, d in enumerate(digests)]

    with transaction.atomic():
        old = list(Passage.objects.filter(resource_id=resource_id).values_list("id", flat=True))
        fts.delete(old)
        Passage.objects.filter(pk__in=old).delete()
        created = Passage.objects.bulk_create(
            [
                Passage(resource_id=resource_id, ordinal=i, text=c, language=resource.language)
                for i, c in enumerate(chunks)
            ]
        )
        if any(p.pk is None for p in created):  # backends without RETURNING ids
            created = list(Passage.objects.filter(resource_id=resource_id).order_by("ordinal"))
        PassageVector.objects.bulk_create(
            [
                PassageVector(passage=p, model=name, dim=len(blobs[i]) // 4, vector=blobs[i])
                for name, blobs in vectors.items()
                for i, p in enumerate(created)
            ]
        )
        fts.insert((p.pk, resource.language, resource.title, p.text) for p in created)
        bump_version()
    return len(created)


def rebuild_full_text(chunk: int = 2000) -> int:
    """Rebuild the full-text rows of every stored passage, as index_resource writes them
    (vectors and passages untouched: after a restore, say); returns the passages indexed."""
    fts.clear()
    rows = (
        Passage.objects.order_by("pk")
        .select_related("resource")
        .only("pk", "text", "resource__title", "resource__language")
        .iterator(chunk_size=chunk)
    )
    done = 0
    while batch := list(itertools.islice(rows, chunk)):
        fts.insert((p.pk, p.resource.language, p.resource.title, p.text) for p in batch)
        done += len(batch)
    return done


def reindex_all(progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Rebuild the whole index (reusing vectors of unchanged passages); (resources, passages)."""

    ids = list(Resource.objects.order_by("pk").values_list("pk", flat=True))
    # Orphans (passages whose resource went away) and the full-text table are rebuilt whole.
    with transaction.atomic():
        Passage.objects.exclude(resource_id__in=ids).delete()
        fts.clear()
    total = 0
    for n, rid in enumerate(ids, 1):
        total += index_resource(rid)
        if progress:
            progress(n, len(ids))
    return len(ids), total
