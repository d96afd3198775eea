"""An independent measure of cross-lingual search, built from the project's own demo library.

    .venv/bin/python benchmarks/search_independent.py

The demo library (data/demo/resources.jsonl, written by the team) holds resources translated
into other languages (``translation_of``). Nobody tuned the search on them, and the term bank
deliberately leaves them out (search/termbank.py), so each translation pair is an unseen
cross-lingual query with one known answer: the title (then the summary) of a resource in one
language is the query, restricted to another language of its translation group, and the
translation in that language is the only relevant document. Printed: nDCG@10 (one relevant
document, gain 1), MRR and hit@1 over all ordered pairs, for the hybrid ranking and for each
signal alone, so the term bank's own share is visible.

Imports into a scratch SQLite database under var/bench/ with the real import service and both
real embedders (passage embeddings cached in var/cache/search_demo/).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from evalkit import import_demo_library, scratch_django

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--demo", type=Path, default=REPO / "data" / "demo" / "resources.jsonl")
    ap.add_argument("--workdir", type=Path, default=REPO / "var" / "bench" / "search_independent")
    ap.add_argument("--cache", type=Path, default=REPO / "var" / "cache" / "search_demo")
    ap.add_argument("--per-query", action="store_true", help="print every pair's rank")
    args = ap.parse_args()

    scratch_django(args.workdir)
    from minamata_kb.library.models import Resource
    from minamata_kb.search.facets import Filters
    from minamata_kb.search.services import search

    import_demo_library(args.demo, args.cache)

    groups: dict[str, list[Resource]] = {}
    for r in Resource.objects.filter(published=True).order_by("external_id"):
        groups.setdefault(r.translation_group, []).append(r)
    pairs = [
        (a, b)
        for versions in groups.values()
        if len(versions) > 1
        for a in versions
        for b in versions
        if a.language != b.language
    ]
    print(
        f"{len(pairs)} ordered translation pairs in "
        f"{sum(1 for v in groups.values() if len(v) > 1)} groups"
    )
    modes = {
        "hybrid": None,
        "full text, own words only": frozenset({"lexical"}),
        "full text + term bank": frozenset({"lexical", "expanded"}),
        "vectors only (use+e5)": frozenset({"use", "e5"}),
    }
    print(f"{'engine':<28}{'query':<9}{'nDCG@10':>9}{'MRR':>7}{'hit@1':>7}{'counted':>9}")
    for label, signals in modes.items():
        for field in ("title", "summary"):
            nd = rr = h1 = counted = 0.0
            for a, b in pairs:
                query = getattr(a, field) or a.title
                res = search(query, filters=Filters(language=b.language), signals=signals)
                ranked = [h.id for h in res.hits]
                rank = ranked.index(b.external_id) + 1 if b.external_id in ranked else 0
                if rank and rank <= 10:
                    nd += 1 / math.log2(rank + 1)
                if rank:
                    rr += 1 / rank
                    h1 += rank == 1
                    counted += not getattr(res.hits[rank - 1], "weak", False)
                if args.per_query and signals is None:
                    print(f"   {a.external_id}->{b.external_id} ({b.language}) rank {rank}")
            n = len(pairs) or 1
            print(
                f"{label:<28}{field:<9}{nd / n:>9.3f}{rr / n:>7.3f}{h1 / n:>7.3f}"
                f"{counted / n:>9.3f}"
            )
    print("counted: share of pairs whose translation is above the relevance floor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
