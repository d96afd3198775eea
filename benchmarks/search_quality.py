"""Search quality on a real-document evaluation folder: nDCG@10, recall@10 and MRR.

    .venv/bin/python benchmarks/search_quality.py --eval ../shared/eval
    createdb -h 127.0.0.1 -U postgres mkb_quality    # the same on PostgreSQL's full-text engine
    .venv/bin/python benchmarks/search_quality.py --eval ../shared/eval \
        --database-url postgresql://postgres@127.0.0.1:5432/mkb_quality

Imports the folder's docs.jsonl into a scratch SQLite database under var/bench/ with the real
import service (so the real chunking, full-text index and embedders are measured), then runs
every query of queries_dev.jsonl and queries_xling_dev.jsonl through the real search service
with full-text only, each embedder only, both embedders, and the hybrid ranking. Passage
embeddings are cached in var/cache/search_eval/ so reruns take seconds, not minutes.
The evaluation texts are read from the given folder and never copied into the repository.
The cross-validation (search_cv.py) then chooses the weights and the relevance floors, the
latter so that the team's off-topic queries (data/eval_own/offtopic_queries.jsonl) count
nothing; it prints held-out nDCG@10, what the floors count (F1, precision) and what the
shipped search counts for each off-topic query. Today's figures, and the ideas tried that did not hold up held out: search_cv.py's docstring.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from evalkit import import_eval_documents, mrr, ndcg, recall, scratch_django

REPO = Path(__file__).resolve().parent.parent
# Queries about nothing a Minamata library holds (cooking, sport, travel ... in the six
# languages), written by the team: the relevance floors must count nothing for them.
OFFTOPIC = REPO / "data" / "eval_own" / "offtopic_queries.jsonl"


def cross_validate(sets: dict[str, list[dict]], k: int, offtopic: list[dict]) -> None:
    """Weights and floor chosen by k-fold cross-validation over queries (search_cv.py): the
    held-out figures beside the in-sample ones, with and without the term bank."""
    import numpy as np
    import search_cv
    from django.db import connection

    from minamata_kb.library.models import Resource
    from minamata_kb.search import scoring
    from minamata_kb.search.index import get_index
    from minamata_kb.search.ranking import default_weights
    from minamata_kb.search.services import clean_query

    idx = get_index()
    ext = dict(Resource.objects.values_list("pk", "external_id"))

    fused: dict[tuple[int, str], tuple[Any, list[str]]] = {}

    def rank(sig: Any, w: Any, word: float | None = None) -> tuple[list[str], set[str]]:
        # The blend and the top 10 do not depend on the floors: computed once per weights.
        key = (id(sig), repr(replace(w, floor=0.0, similarity_floor=0.0)))
        if key not in fused:
            scored = scoring.fuse(idx, sig, w)
            cand = np.flatnonzero(scored.candidate)
            order = cand[np.argsort(-scored.fused[cand], kind="stable")]
            fused[key] = (scored, [ext[int(idx.doc_pks[d])] for d in order[:10]])
        scored, top = fused[key]
        floor = scoring.calibrated_word_floor(sig) if word is None else word
        relevant = scoring.counted(sig, scored.fused, scored.candidate, w, floor)
        return top, {ext[int(idx.doc_pks[d])] for d in np.flatnonzero(relevant)}

    queries = [
        search_cv.Query(
            q["id"],
            q.get("from") or q["id"],
            sname,
            {key: int(v) for key, v in q["relevant"].items()},
            scoring.signals_for(idx, clean_query(q["query"])),
        )
        for sname, qs in sets.items()
        for q in qs
    ]
    off = [
        search_cv.Query(
            q["id"], q["id"], "off-topic", {}, scoring.signals_for(idx, clean_query(q["query"]))
        )
        for q in offtopic
    ]
    t0 = time.perf_counter()
    shipped = default_weights(connection.vendor)
    full = search_cv.run(queries, rank, shipped, k, offtopic=off)
    no_bank = search_cv.run(
        queries, rank, shipped, k, space={**search_cv.GRID, "expanded": (0.0,)}, offtopic=off
    )
    print(
        f"\ncross-validated: {k} folds over {len(queries)} queries (a query and its "
        f"cross-lingual rewrite share a fold), {len(search_cv.combos())} weight combinations, "
        f"{time.perf_counter() - t0:.0f} s"
    )
    print(
        f"{'query set':<22}{'in-sample':>10}{'CV nDCG@10':>12}{'CV no term bank':>17}"
        f"{'(in-sample)':>12}{'found/judged':>14}{'floor F1':>10}{'precision':>10}"
    )
    for kind, row in full["by_kind"].items():
        nb = no_bank["by_kind"][kind]
        print(
            f"{kind:<22}{full['in_sample'][kind]:>10.3f}{row['cv_ndcg']:>12.3f}"
            f"{nb['cv_ndcg']:>17.3f}{no_bank['in_sample'][kind]:>12.3f}"
            f"{row['cv_found']:>8.1f}/{row['judged']:<5.1f}{row['cv_floor_f1']:>10.3f}"
            f"{row['cv_precision']:>10.3f}"
        )
    print(
        "(found/judged, floor F1 and precision, relevant counted / counted: held out, with each "
        f"fold's floors); {len(off)} off-topic queries counting something with the folds' "
        f"floors: {full['offtopic_counting']:.1f} on average"
    )
    for kind, row in full["by_kind"].items():
        rep = row["repeats"]
        if rep:
            print(
                f"{kind}: CV nDCG@10 over {len(rep)} other fold assignments: mean "
                f"{np.mean(rep):.3f}, min {min(rep):.3f}, max {max(rep):.3f}"
            )
    print("weights chosen per fold:")
    for choice, (floor, sim, word) in zip(full["fold_choices"], full["fold_floors"], strict=True):
        print(f"   {choice} floor={floor} similarity floor={sim} word similarity floor={word}")
    print(
        f"chosen on the whole dev set (what the product ships): {full['chosen']}, floor "
        f"{full['floor']}, similarity floor {full['similarity_floor']}, word similarity floor "
        f"{full['word_similarity_floor']}"
    )
    chosen = search_cv.weights_of(full["chosen"], shipped)
    word_floor = scoring.WORD_SIMILARITY_FLOORS.get("use")
    same = (chosen, full["floor"], full["similarity_floor"], full["word_similarity_floor"]) == (
        shipped,
        shipped.floor,
        shipped.similarity_floor,
        word_floor,
    )
    print(
        f"shipped (ranking.default_weights): {shipped}, word similarity floor (scoring."
        f"WORD_SIMILARITY_FLOORS, USE) {word_floor}"
        f"{'' if same else '  <- DIFFERS from the choice'}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--eval", required=True, type=Path, help="folder with docs.jsonl and queries")
    ap.add_argument("--workdir", type=Path, default=REPO / "var" / "bench" / "search_quality")
    ap.add_argument("--cache", type=Path, default=REPO / "var" / "cache" / "search_eval")
    ap.add_argument("--per-query", action="store_true", help="print every query's nDCG")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds over queries")
    ap.add_argument(
        "--database-url",
        help="measure on this database instead of a scratch SQLite file (e.g. an empty "
        "PostgreSQL database, to measure its full-text engine); the documents are upserted",
    )
    args = ap.parse_args()

    scratch_django(args.workdir, database_url=args.database_url)
    from minamata_kb.search.services import search

    import_eval_documents(args.eval, args.cache)

    sets = {}
    for fname in ("queries_dev.jsonl", "queries_xling_dev.jsonl"):
        path = args.eval / fname
        if path.exists():
            sets[fname.removesuffix(".jsonl")] = [
                json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()
            ]

    modes = {
        "fulltext-only": frozenset({"lexical"}),
        "vector-only use": frozenset({"use"}),
        "vector-only e5": frozenset({"e5"}),
        "vector-only use+e5": frozenset({"use", "e5"}),
        "hybrid fulltext+use": frozenset({"lexical", "use"}),
        "hybrid fulltext+e5": frozenset({"lexical", "e5"}),
        "hybrid": None,
    }
    from django.conf import settings

    from minamata_kb.search.index import get_index, invalidate

    passages = len(get_index().passage_ids)
    print(f"{passages} passages; vector scoring is exact below SEARCH_EXACT_BELOW passages")
    print(f"{'engine':<30}" + "".join(f"{s + ' nDCG/R@10/MRR':>40}" for s in sets))
    runs = [(label, signals, False) for label, signals in modes.items()]
    # Large indexes score only the k-means cells nearest the query (search/partitions.py); this
    # row forces that on the evaluation corpus to show what the approximation costs.
    runs.append(("hybrid, partitioned vectors", None, True))
    exact_below = settings.SEARCH_EXACT_BELOW
    for label, signals, partitioned in runs:
        if partitioned:
            settings.SEARCH_EXACT_BELOW = 0
            invalidate()
        row = f"{label:<30}"
        for sname, queries in sets.items():
            scores = []
            times = []
            for q in queries:
                t = time.perf_counter()
                res = search(q["query"], limit=10, signals=signals)
                times.append((time.perf_counter() - t) * 1000)
                ranked = [h.id for h in res.hits]
                rel = {k: int(v) for k, v in q["relevant"].items()}
                scores.append((ndcg(ranked, rel), recall(ranked, rel), mrr(ranked, rel)))
                if args.per_query and signals is None and not partitioned:
                    print(f"   {sname} {q['id']} {scores[-1][0]:.2f} {q['query'][:60]}")
            n = len(scores)
            mean = [sum(s[i] for s in scores) / n for i in range(3)]
            row += f"{mean[0]:>26.3f} {mean[1]:.3f} {mean[2]:.3f}"
        print(row)
    settings.SEARCH_EXACT_BELOW = exact_below
    invalidate()
    offtopic = [json.loads(x) for x in OFFTOPIC.read_text("utf-8").splitlines() if x.strip()]
    cross_validate(sets, args.folds, offtopic)
    print(
        f"off-topic queries ({OFFTOPIC.name}; should count nothing: zero-result demand signals), "
        "the shipped search:"
    )
    for q in offtopic:
        res = search(q["query"], limit=10)
        if res.total or q["id"].startswith("off-en-0"):
            print(f"   {q['query']!r}: {res.total} relevant result(s), {res.weaker} weaker")
    counting = sum(1 for q in offtopic if search(q["query"], limit=10).total)
    print(f"   {counting} of {len(offtopic)} count something")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
