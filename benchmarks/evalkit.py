"""What the quality benchmarks share: the ranking measures and a scratch Django to measure in.

Imported by the scripts beside it (run as `python benchmarks/NAME.py`, so this folder is on the
path). Nothing here reads or keeps evaluation texts.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def ndcg(ranked: Sequence[str], rel: dict[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain at k with graded relevance (2^rel - 1 gains)."""
    dcg = sum((2 ** rel.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum((2**r - 1) / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: Sequence[str], rel: dict[str, int], k: int = 10) -> float:
    return len(set(ranked[:k]) & set(rel)) / len(rel) if rel else 0.0


def mrr(ranked: Sequence[str], rel: dict[str, int]) -> float:
    for i, d in enumerate(ranked):
        if d in rel:
            return 1.0 / (i + 1)
    return 0.0


def scratch_django(
    workdir: Path, *, database_url: str | None = None, embedders: str = "use,e5"
) -> None:
    """Set Django up on a scratch database (SQLite under `workdir`, or `database_url`), migrate
    it and load the convention profile, with the named embedders."""
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ["MINAMATA_KB_VAR_DIR"] = str(workdir)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minamata_kb.settings")
    os.environ["SEARCH_EMBEDDERS"] = embedders
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from minamata_kb.taxonomy import refdata

    call_command("migrate", verbosity=0)
    refdata.load()


def cached_embedders(cache: Path, names: Sequence[str] = ("use", "e5")) -> list[object]:
    """Register each embedder wrapped in an on-disk cache, so reruns embed nothing twice."""
    from minamata_kb.search.embedders import CachedEmbedder, get_embedder, register_embedder

    caches = []
    for name in names:
        c = CachedEmbedder(get_embedder(name), cache / f"{name}.npz")
        register_embedder(c)
        caches.append(c)
    return caches


def import_eval_documents(eval_dir: Path, cache: Path) -> None:
    """Import an evaluation folder's docs.jsonl with the real import service (``org_or_party``
    mapped to ``org``), its embeddings cached on disk; prints what was imported and any
    rejected line. The texts go into the scratch database only, never into the repository."""
    import time

    from minamata_kb.library.transfer import import_lines

    cached_embedders(cache)
    t0 = time.perf_counter()
    lines = (eval_dir / "docs.jsonl").read_bytes().splitlines()
    out = import_lines(lines, rename={"org_or_party": "org"})
    print(
        f"corpus: {len(lines)} documents; import {out.summary()} in "
        f"{time.perf_counter() - t0:.1f} s",
        file=sys.stderr,
    )
    for e in out.errors:
        print(f"  line {e.line}: {e.message}", file=sys.stderr)


def import_demo_library(demo: Path, cache: Path) -> None:
    """Import the demo library (JSONL) with the real import service, its embeddings cached on
    disk (``cached_embedders``); prints what was imported and any rejected line."""
    import sys
    import time

    from minamata_kb.library.transfer import import_lines

    cached_embedders(cache)
    t0 = time.perf_counter()
    out = import_lines(demo.read_bytes().splitlines())
    print(f"demo library: import {out.summary()} in {time.perf_counter() - t0:.1f} s")
    for e in out.errors:
        print(f"  line {e.line}: {e.message}", file=sys.stderr)
