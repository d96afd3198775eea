"""Hybrid ranking: a calibrated blend of full-text and two embedding models.

Measured on the real-document evaluation set (benchmarks/search_quality.py) against reciprocal-
rank fusion; the blend won within a language and across languages. Three ideas:

* each signal is put on one scale per query: vector scores as z-scores against the query's own
  top-50 documents, full-text bm25 divided by the query's best bm25;
* **language-bias correction**: multilingual encoders score documents in the query's own
  language higher whatever they say. Per query, each document language's mean score is pulled
  back to the overall mean (shrunk for languages with few documents), so an English guidance
  can outrank a Chinese page that only shares the language of a Chinese query;
* full-text only adds evidence (a missing term never penalises), so a query in a language no
  document is written in falls back to the vectors;
* the term bank's expansion of the query (search/termbank.py) is a second full-text signal,
  for documents in the other languages (the query's own words speak for its language), with
  a weight that lets a good other-language document outrank a weak same-language word match;
  it can be scaled per document language instead (cross-validation preferred one scale).

Every weight and the relevance floor are chosen by a procedure measured with 5-fold
cross-validation over the dev queries (benchmarks/search_quality.py, benchmarks/search_cv.py:
the best nDCG@10 with same-language and cross-lingual queries weighing half each, then the
floor with the best F1 of what is counted as found); the figure quoted is the held-out one,
and the defaults below are that procedure's choice on the whole dev set with SQLite's
full-text engine; ``default_weights`` gives its choice with PostgreSQL's (README, search
figures).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Weights:
    """Weights of each signal in the blend (defaults measured, see module docstring)."""

    lexical: float = 1.0
    vectors: Mapping[str, float] = field(default_factory=lambda: {"use": 0.75, "e5": 1.0})
    shrink: float = 5.0  # documents a language needs before its bias is fully corrected
    ztop: int = 50  # z-scores are taken against the query's best `ztop` documents
    expanded: float = 3.0  # the term-bank expansion (cross-lingual full text)
    # Scale the expansion per document language (True) or by the query's best match (False).
    expanded_per_language: bool = False
    # Whether the expansion also scores documents in the query's own language.
    expanded_same_language: bool = False
    # Fused score a candidate needs to count as relevant (the result count); the others are
    # shown after them as weaker matches.
    floor: float = 2.5
    # ... and this cosine with the query (first embedder), or for a term-bank match the lower
    # scoring.WORD_SIMILARITY_FLOORS: the fused score is relative to the query's best
    # documents, this is absolute, so an off-topic query's best documents do not count.
    similarity_floor: float = 0.25

    def vector_weight(self, name: str) -> float:
        return float(self.vectors.get(name, 1.0))


def default_weights(vendor: str | None = None) -> Weights:
    """The measured weights for a database engine: the class defaults are the choice on SQLite
    (bm25); PostgreSQL's full-text scores (bm25 computed from tsvectors, search/fts.py) are
    another scale, and the same procedure run on it (search_quality.py --database-url) chose
    these."""
    if vendor == "postgresql":
        return Weights(
            lexical=0.5,
            vectors={"use": 0.75, "e5": 1.0},
            shrink=5.0,
            expanded=4.0,
            expanded_same_language=True,
            floor=3.0,
        )
    return Weights()


def doc_max(passage_scores: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Best passage score per document; passages are grouped by document, ``starts`` are
    each document's first passage position."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.float32)
    return np.maximum.reduceat(passage_scores, starts)


def language_centre(
    scores: np.ndarray, doc_lang: np.ndarray, n_langs: int, shrink: float
) -> np.ndarray:
    """Remove each document language's average advantage for this query (see module doc)."""
    if len(scores) == 0 or n_langs <= 1:
        return scores
    counts = np.bincount(doc_lang, minlength=n_langs).astype(np.float64)
    sums = np.bincount(doc_lang, weights=scores, minlength=n_langs)
    present = counts > 0
    means = np.zeros(n_langs)
    means[present] = sums[present] / counts[present]
    overall = scores.mean()
    bias = np.where(present, (counts / (counts + shrink)) * (means - overall), 0.0)
    return (scores - bias[doc_lang]).astype(np.float32)


def zscore_top(scores: np.ndarray, top: int) -> np.ndarray:
    """Scores relative to the mean and spread of the query's ``top`` best documents."""
    if len(scores) == 0:
        return scores
    k = min(top, len(scores))
    best = np.partition(scores, len(scores) - k)[-k:]
    std = float(best.std())
    return ((scores - best.mean()) / (std if std > 1e-6 else 1.0)).astype(np.float32)


def blend(
    lexical: np.ndarray | None,
    vectors: Mapping[str, np.ndarray],
    doc_lang: np.ndarray,
    n_langs: int,
    weights: Weights | None = None,
    expanded: np.ndarray | None = None,
    expanded_best: float | None = None,
) -> np.ndarray:
    """Fused score per document.

    ``lexical``: best bm25-like score per document (higher is better, 0 = no match);
    ``vectors``: best cosine per document for each embedder; ``doc_lang``: language index of
    each document (0..n_langs-1).
    """
    w = weights or Weights()
    n = len(doc_lang)
    total = np.zeros(n, dtype=np.float32)
    for name, scores in vectors.items():
        if len(scores) != n:
            raise ValueError("vector scores and documents differ in length")
        centred = language_centre(scores.astype(np.float32), doc_lang, n_langs, w.shrink)
        total += w.vector_weight(name) * zscore_top(centred, w.ztop)
    if lexical is not None and len(lexical) and float(lexical.max()) > 0:
        total += w.lexical * (lexical / float(lexical.max())).astype(np.float32)
    if expanded is not None and len(expanded) and w.expanded and float(expanded.max()) > 0:
        if w.expanded_per_language:
            total += w.expanded * per_language_scale(expanded, doc_lang, n_langs)
        else:
            best = max(float(expanded.max()), expanded_best or 0.0)
            total += w.expanded * (expanded / best).astype(np.float32)
    return total


def per_language_scale(scores: np.ndarray, doc_lang: np.ndarray, n_langs: int) -> np.ndarray:
    """Scores divided by the best score among documents of the same language (0 stays 0)."""
    best = np.zeros(max(n_langs, 1), dtype=np.float64)
    np.maximum.at(best, doc_lang, scores.astype(np.float64))
    scale = best[doc_lang]
    return np.where(scale > 0, scores / np.where(scale > 0, scale, 1.0), 0.0).astype(np.float32)
