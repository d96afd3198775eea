"""k-fold cross-validation of the hybrid ranking's weights and relevance floor over queries.

Used by search_quality.py. The signals of every query are computed once (services.signals_for,
the real full-text engines, term bank and embedders); each weight combination of GRID is then
fused offline exactly as the service does (services.fuse: blend, candidates, relevance floor)
and scored. Folds group a query with its cross-lingual rewrite (``from``), so no query is
ever scored with weights chosen on its own twin. For each held-out fold the combination with
the best mean nDCG@10 on the other folds is chosen; its score on the fold is the
cross-validated figure. The floor is then chosen the same way (best mean F1 of "the documents
counted as found" against the judged relevant ones on the training folds).
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from evalkit import ndcg

# Weights are relative (the floor is chosen after them), so e5's weight stays 1.
GRID = {
    "lexical": (0.5, 0.75, 1.0, 1.5, 2.0),
    "expanded": (0.0, 1.0, 2.0, 3.0, 4.0, 6.0),
    "expanded_per_language": (True, False),
    "expanded_same_language": (True, False),
    "use": (0.25, 0.5, 0.75, 1.0),
    "e5": (1.0,),
    "shrink": (5.0, 10.0),
}
FLOORS = tuple(round(0.25 * i, 2) for i in range(0, 21))  # 0 .. 5
SIMILARITY_FLOORS = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def f1(found: set[str], rel: dict[str, int]) -> float:
    hit = len(found & set(rel))
    if not hit:
        return 0.0
    p, r = hit / len(found), hit / len(rel)
    return 2 * p * r / (p + r)


@dataclass
class Query:
    qid: str
    group: str
    kind: str  # the query set's name
    rel: dict[str, int]
    signals: Any  # services.Signals


def weights_of(combo: dict[str, Any], base: Any) -> Any:
    return replace(
        base,
        lexical=combo["lexical"],
        expanded=combo["expanded"],
        expanded_per_language=combo["expanded_per_language"],
        expanded_same_language=combo.get("expanded_same_language", True),
        vectors={"use": combo["use"], "e5": combo["e5"]},
        shrink=combo["shrink"],
    )


def combos(grid: dict[str, tuple[Any, ...]] | None = None) -> list[dict[str, Any]]:
    g = grid or GRID
    return [dict(zip(g, vals, strict=True)) for vals in itertools.product(*g.values())]


def folds_of(queries: list[Query], k: int, seed: int = 13) -> list[set[str]]:
    groups = sorted({q.group for q in queries})
    random.Random(seed).shuffle(groups)
    return [set(groups[i::k]) for i in range(k)]


def run(
    queries: list[Query],
    rank: Callable[[Any, Any], tuple[list[str], set[str]]],
    base_weights: Any,
    k: int = 5,
    space: dict[str, tuple[Any, ...]] | None = None,
) -> dict[str, Any]:
    """Cross-validate; ``rank(signals, weights)`` gives (top-10 ids, ids counted as found)."""
    grid = combos(space)
    scores = np.zeros((len(grid), len(queries)))
    for i, combo in enumerate(grid):
        w = weights_of(combo, base_weights)
        for j, q in enumerate(queries):
            top, _found = rank(q.signals, w)
            scores[i, j] = ndcg(top, q.rel)
    folds = folds_of(queries, k)
    held = np.zeros(len(queries))
    held_f1 = np.zeros(len(queries))
    held_count = np.zeros(len(queries))
    chosen: list[int] = []
    floors: list[float] = []
    for fold in folds:
        test = np.array([q.group in fold for q in queries])
        best = int(np.argmax(scores[:, ~test].mean(axis=1)))
        chosen.append(best)
        held[test] = scores[best, test]
        w = weights_of(grid[best], base_weights)
        train_idx = np.flatnonzero(~test)
        floor_f1 = []
        pairs = list(itertools.product(FLOORS, SIMILARITY_FLOORS))
        for fl, sf in pairs:
            wf = replace(w, floor=fl, similarity_floor=sf)
            floor_f1.append(
                np.mean([f1(rank(queries[j].signals, wf)[1], queries[j].rel) for j in train_idx])
            )
        fl, sf = pairs[int(np.argmax(floor_f1))]
        floors.append((fl, sf))
        wf = replace(w, floor=fl, similarity_floor=sf)
        for j in np.flatnonzero(test):
            found = rank(queries[j].signals, wf)[1]
            held_f1[j] = f1(found, queries[j].rel)
            held_count[j] = len(found)
    vote = Counter(chosen).most_common(1)[0][0]
    kinds = sorted({q.kind for q in queries})
    by_kind = {
        kind: {
            "cv_ndcg": float(np.mean([held[j] for j, q in enumerate(queries) if q.kind == kind])),
            "cv_floor_f1": float(
                np.mean([held_f1[j] for j, q in enumerate(queries) if q.kind == kind])
            ),
            "cv_found": float(
                np.mean([held_count[j] for j, q in enumerate(queries) if q.kind == kind])
            ),
            "judged": float(np.mean([len(q.rel) for q in queries if q.kind == kind])),
        }
        for kind in kinds
    }
    return {
        "by_kind": by_kind,
        "fold_choices": [grid[i] for i in chosen],
        "fold_floors": floors,
        "chosen": grid[vote],
        "floor": float(np.median([f for f, _s in floors])),
        "similarity_floor": float(np.median([s for _f, s in floors])),
        "per_query_cv": {q.qid: float(held[j]) for j, q in enumerate(queries)},
        "in_sample": {
            kind: float(np.mean([scores[vote, j] for j, q in enumerate(queries) if q.kind == kind]))
            for kind in kinds
        },
    }
