"""Evidence the matcher weighs: the term bank's cross-language full-text scores for a need,
label profiles of resources (human, propagated from neighbours, or zero-shot), label rarity,
and cached vectors of small sets. The text evidence that combines them is
``features.text_evidence``."""

from __future__ import annotations

import hashlib
import logging
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from minamata_kb.matching.reasons import render
from minamata_kb.search import fts
from minamata_kb.search.embedders import embedder_names, get_embedder
from minamata_kb.search.models import Passage
from minamata_kb.search.termbank import get_termbank
from minamata_kb.textanalysis.classifier import TextVectors, get_classifier

log = logging.getLogger(__name__)


@dataclass
class Suggestion:
    """One item suggested for a need (a resource, provider, activity or technology), with the
    evidence that put it there. Not a search result (search.services.Hit)."""

    kind: str
    ref: str
    label: str
    score: float
    reasons: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def why(self) -> str:
        return render(self.reasons)


# ----------------------------------------------------------------------------- resource labels

_profile_lock = threading.Lock()
_profile_cache: dict[tuple[str, int], dict[int, tuple[dict[str, float], dict[int, float]]]] = {}


def zero_shot_profiles(idx: Any, docs: list[int]) -> dict[int, tuple[dict[str, float], dict]]:
    """Classifier topic/article probabilities of unlabelled resources, from their indexed
    passages (vectors re-used from the search index; texts read once)."""
    from django.db import connection

    key = (str(connection.settings_dict.get("NAME")), idx.version)
    with _profile_lock:
        cache = _profile_cache.setdefault(key, {})
        for old in [k for k in _profile_cache if k[0] == key[0] and k != key]:
            # keep the profiles of resources whose passages did not change
            for d, prof in _profile_cache.pop(old).items():
                cache.setdefault(d, prof)
    todo = [d for d in docs if int(idx.doc_pks[d]) not in cache]
    if todo and "use" in idx.matrices and "e5" in idx.matrices:
        clf = get_classifier()
        pks = [int(idx.doc_pks[d]) for d in todo]
        texts: dict[int, list[str]] = {}
        for rid, text in (
            Passage.objects.filter(resource_id__in=pks)
            .order_by("resource_id", "ordinal")
            .values_list("resource_id", "text")
        ):
            texts.setdefault(rid, []).append(text)
        ends = np.r_[idx.starts[1:], len(idx.passage_ids)]
        for d, pk in zip(todo, pks, strict=True):
            s, e = int(idx.starts[d]), int(ends[d])
            vec = TextVectors(use=idx.matrices["use"][s:e], e5=idx.matrices["e5"][s:e])
            text = "\n\n".join(texts.get(pk, []))
            tops = {str(k): float(p) for k, p in clf.scores("topics", text, vec)}
            arts = {int(k): float(p) for k, p in clf.scores("articles", text, vec)}  # type: ignore[call-overload]
            cache[pk] = (tops, arts)
    return {d: cache[int(idx.doc_pks[d])] for d in docs if int(idx.doc_pks[d]) in cache}


def overlap(
    need: dict[Any, float], labels: dict[Any, float], idf: dict[Any, float] | None = None
) -> float:
    """Soft overlap of two label profiles in [0, 1]: the cosine of the need's weights and the
    resource's labels, each label weighted by its rarity in the library (``idf``) when given,
    so that a broad label (capacity building) says less than a specific one (storage) and a
    resource with many labels is not favoured for that alone."""
    if not need or not labels:
        return 0.0

    unseen = idf.get(None, 1.0) if idf else 1.0  # a label no resource carries: the rarest

    def w(k: Any) -> float:
        return idf.get(k, unseen) if idf else 1.0

    nw = {k: p * w(k) for k, p in need.items()}
    lw = {k: v * w(k) for k, v in labels.items()}
    num = sum(nw.get(k, 0.0) * v for k, v in lw.items())
    # labels the classifier barely considers (p < 0.05) do not dilute the need's profile
    den = math.sqrt(sum(v * v for v in lw.values())) * math.sqrt(
        sum(v * v for k, v in nw.items() if need[k] >= 0.05) or 1.0
    )
    return float(num / den) if den else 0.0


_idf_cache: dict[tuple[str, int], tuple[dict[Any, float], dict[Any, float]]] = {}


def label_idf(idx: Any) -> tuple[dict[Any, float], dict[Any, float]]:
    """log((N+1)/(df+1)) of each topic and article over the library's labelled resources
    (cached per index version)."""
    from django.db import connection

    key = (str(connection.settings_dict.get("NAME")), idx.version)
    if key not in _idf_cache:
        _idf_cache.clear()
        _idf_cache[key] = _compute_idf(idx)
    return _idf_cache[key]


def _compute_idf(idx: Any) -> tuple[dict[Any, float], dict[Any, float]]:
    labelled = [d for d in idx.docs if d.topics]
    n = len(labelled)
    dft: dict[str, int] = {}
    dfa: dict[int, int] = {}
    for d in labelled:
        for t in d.topics:
            dft[t] = dft.get(t, 0) + 1
        for a in d.articles:
            dfa[a] = dfa.get(a, 0) + 1
    if n < MIN_LABELLED_FOR_KNN:
        return {}, {}
    top = math.log(n + 1)
    topics: dict[Any, float] = {t: math.log((n + 1) / (c + 1)) for t, c in dft.items()}
    articles: dict[Any, float] = {a: math.log((n + 1) / (c + 1)) for a, c in dfa.items()}
    topics[None] = articles[None] = top
    return topics, articles


# ----------------------------------------------------------------------------- resources


def best_per_resource(idx: Any, search: Callable[[], list[tuple[int, float]]]) -> np.ndarray:
    """The best full-text score of each resource among the passages `search` finds (0 where
    none). A search the engine refuses (an odd query) is logged and gives no text evidence:
    matching goes on with the vectors."""
    out = np.zeros(idx.size, dtype=np.float32)
    try:
        hits = search()
    except Exception:  # noqa: BLE001 - an odd query must not stop matching
        log.warning("matching: full-text search failed; no text evidence", exc_info=True)
        return out
    if not hits:
        return out
    docs = idx.doc_of_passages(np.array([h[0] for h in hits], dtype=np.int64))
    for (_, score), d in zip(hits, docs.tolist(), strict=True):
        if d >= 0 and score > out[d]:
            out[d] = score
    return out


def expanded_scores(idx: Any, text: str, language: str) -> np.ndarray:
    """Full-text evidence across languages: the Convention's terms the need uses, translated
    by the term bank (search/termbank.py), found in documents of the other languages; 0..1,
    relative to the best match of those terms in any language (the need's own included, so a
    weak match abroad stays weak). Documents in the need's language get 0: its own words
    already speak for them."""
    terms = get_termbank().expand(text)
    if not terms:
        return np.zeros(idx.size, dtype=np.float32)
    groups = [(t.lang, t.words, t.text) for t in terms]
    out = best_per_resource(idx, lambda: fts.search_groups(groups, total=len(idx.passage_ids)))
    best = float(out.max())
    if best <= 0:
        return out
    other = np.array([d.language != language for d in idx.docs], dtype=bool)
    return np.where(other, out / best, 0.0).astype(np.float32)


# ----------------------------------------------------------------------------- label propagation

MIN_LABELLED_FOR_KNN = 20
KNN = 5


def _doc_vectors(idx: Any) -> np.ndarray:
    """One unit vector per indexed resource: the mean of its passages, models side by side."""
    ends = np.r_[idx.starts[1:], len(idx.passage_ids)]
    counts = np.maximum(ends - idx.starts, 1)[:, None]
    parts = []
    for _name, matrix in sorted(idx.matrices.items()):
        sums = np.add.reduceat(matrix, idx.starts, axis=0) if len(idx.starts) else matrix[:0]
        mean = sums / counts
        mean /= np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-9)
        parts.append(mean)
    out = np.hstack(parts) if parts else np.zeros((idx.size, 1), dtype=np.float32)
    return (out / math.sqrt(max(len(parts), 1))).astype(np.float32)


_knn_cache: dict[tuple[str, int], dict[str, Any]] = {}


def propagated_profiles(
    idx: Any, docs: list[int]
) -> dict[int, tuple[dict[str, float], dict]] | None:
    """Topics and articles of unlabelled resources voted by their nearest labelled resources
    (the library's own labels, cosine-weighted); None when too few resources are labelled."""
    from django.db import connection

    key = (str(connection.settings_dict.get("NAME")), idx.version)
    state = _knn_cache.get(key)
    if state is None:
        labelled = [i for i, d in enumerate(idx.docs) if d.topics]
        state = {"labelled": labelled, "vectors": None, "profiles": {}}
        if len(labelled) >= MIN_LABELLED_FOR_KNN and idx.matrices:
            state["vectors"] = _doc_vectors(idx)
        _knn_cache.clear()
        _knn_cache[key] = state
    if state["vectors"] is None:
        return None
    vecs, labelled, profiles = state["vectors"], state["labelled"], state["profiles"]
    todo = [d for d in docs if d not in profiles]
    if todo:
        sims = vecs[todo] @ vecs[labelled].T
        for row, d in zip(sims, todo, strict=True):
            top = np.argsort(-row)[:KNN]
            tw: dict[str, float] = {}
            aw: dict[int, float] = {}
            z = 0.0
            for j in top.tolist():
                w = max(float(row[j]), 0.0)
                z += w
                info = idx.docs[labelled[j]]
                for t in info.topics:
                    tw[t] = tw.get(t, 0.0) + w
                for a in info.articles:
                    aw[a] = aw.get(a, 0.0) + w
            z = z or 1.0
            profiles[d] = ({t: v / z for t, v in tw.items()}, {a: v / z for a, v in aw.items()})
    return {d: profiles[d] for d in docs}


def squash(x: float) -> float:
    """A readable score in (0, 1), monotone in the raw score."""
    return 1.0 / (1.0 + math.exp(-(x - 1.5)))


# ----------------------------------------------------------------------------- small sets

_vec_lock = threading.Lock()
_vec_cache: dict[str, np.ndarray] = {}


def embed_cached(texts: list[str]) -> np.ndarray:
    """USE vectors (cross-lingual) of short texts, cached in-process by content."""
    name = "use" if "use" in embedder_names() else embedder_names()[0]
    keys = [name + hashlib.sha256(t.encode()).hexdigest()[:24] for t in texts]
    with _vec_lock:
        missing = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in _vec_cache]
    if missing:
        model = get_embedder(name)
        vecs = model.embed_passages([t for _, t in missing])
        with _vec_lock:
            for (k, _t), v in zip(missing, vecs, strict=True):
                _vec_cache[k] = v
    if not keys:
        return np.zeros((0, 1), dtype=np.float32)
    with _vec_lock:
        return np.stack([_vec_cache[k] for k in keys])


def embed_query(text: str) -> np.ndarray:
    name = "use" if "use" in embedder_names() else embedder_names()[0]
    return get_embedder(name).embed_queries([text])[0]
