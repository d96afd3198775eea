"""Readiness of search (the `health` hook read by site/health.py for `/readyz`).

Two checks, each `{"ok": bool, "detail": str}`:

- `search_index`: the vector index of this process loads from the database (reloaded when
  another writer changed it) and the full-text table answers a query;
- `embedding_model`: every embedder named in SEARCH_EMBEDDERS loads and embeds a word into a
  unit vector of its dimension (the models ship in their wheels; the first call loads them,
  later calls reuse the process-wide instance, so a probe costs one short embedding).
"""

from __future__ import annotations

import numpy as np
from django.db import connection, transaction

from minamata_kb.core.hooks import HealthCheck
from minamata_kb.search import fts
from minamata_kb.search.embedders import embedder_names, get_embedder
from minamata_kb.search.index import get_index


def _failed(exc: BaseException) -> HealthCheck:
    return {"ok": False, "detail": f"{type(exc).__name__}: {exc}"[:200]}


def index_check() -> HealthCheck:
    try:
        with transaction.atomic():  # a failure must not poison the caller's transaction
            idx = get_index()
            with connection.cursor() as cur:
                cur.execute(f"SELECT 1 FROM {fts.TABLE} LIMIT 1")  # noqa: S608 - a constant
                cur.fetchall()
    except Exception as exc:  # any error means not ready
        return _failed(exc)
    passages = len(idx.passage_ids)
    vectors = ", ".join(sorted(idx.matrices)) or "none"
    return {
        "ok": True,
        "detail": f"{idx.size} resources, {passages} passages, vectors: {vectors}, "
        f"version {idx.version}",
    }


def model_check() -> HealthCheck:
    names = embedder_names()
    if not names:
        return {"ok": False, "detail": "SEARCH_EMBEDDERS names no embedder"}
    details = []
    for name in names:
        try:
            embedder = get_embedder(name)
            vec = np.asarray(embedder.embed_queries(["mercury"]))
        except Exception as exc:  # a model that cannot load or run: not ready
            failed = _failed(exc)
            failed["detail"] = f"{name}: {failed['detail']}"[:200]
            return failed
        if vec.shape != (1, embedder.dim) or not abs(float(np.linalg.norm(vec[0])) - 1) < 1e-3:
            return {"ok": False, "detail": f"{name}: unexpected vector of shape {vec.shape}"}
        details.append(f"{name} ({embedder.dim}-d)")
    return {"ok": True, "detail": ", ".join(details)}


def checks() -> dict[str, HealthCheck]:
    return {"search_index": index_check(), "embedding_model": model_check()}
