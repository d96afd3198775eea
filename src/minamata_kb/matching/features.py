"""The evidence for each candidate resource of a need, in two kinds (issue 13):

* **relevance**: how well the resource answers the need on its own: the text evidence
  (``text_evidence``) and the agreement of the need's topics and articles with the
  resource's labels;
* **boosts**: what makes a relevant resource more useful to this party: its language, the
  region it serves, LDC/SIDS focus, delivery in completed activities, officers' past
  decisions and the kind of resource.

``engine.rank_resources`` ranks by relevance first and lets the boosts reorder only the
candidates that are relevant on their own. Every piece of evidence leaves a reason (data, see
``reasons.render``), so each ``why`` names what the score rests on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from minamata_kb.library.models import Resource
from minamata_kb.matching.evidence import (
    best_per_resource,
    expanded_scores,
    label_idf,
    overlap,
    propagated_profiles,
    zero_shot_profiles,
)
from minamata_kb.matching.models import Match
from minamata_kb.matching.query import NeedQuery
from minamata_kb.search import fts
from minamata_kb.search.embedders import get_embedder
from minamata_kb.search.ranking import Weights, doc_max, language_centre, zscore_top
from minamata_kb.search.text import MAX_QUERY_CHARS

if TYPE_CHECKING:
    from minamata_kb.matching.engine import Config

HELPFUL_TYPES = {
    "guidance": 1.0,
    "tool": 1.0,
    "training": 1.0,
    "case_study": 1.0,
    "webinar": 0.7,
    "recording": 0.7,
    "project": 0.7,
    "fact_sheet": 0.7,
    "dataset": 0.4,
    "report": 0.4,
    "legislation": 0.4,
    "other": 0.3,
    "decision": 0.2,
    "news": 0.0,
    "submission": 0.0,
    "national_report": 0.0,
}

# Reasons that are evidence of relevance (the others name boosts).
RELEVANCE_CODES = frozenset({"similar_text", "shared_topic", "shared_article"})
INFERRED_LABEL = 0.3  # an inferred topic or article counts from this probability


# ----------------------------------------------------------------------------- text evidence


def text_evidence(
    idx: Any,
    text: str,
    language: str,
    *,
    lexical: float = 1.0,
    expanded: float = 0.0,
    across: Mapping[str, float] | None = None,
) -> np.ndarray:
    """Text evidence of every indexed resource for a need, as z-scores.

    The search app's parts, weighted for needs (a sentence or a paragraph, not a few words):
    each embedder's best-passage cosine, language-bias corrected, and the full-text score are
    each put on a z-scale against the need's best 50 documents and added. ``across`` scales an
    embedder's evidence for documents in another language than the need's (e5 is strong within
    a language and weak across languages; benchmarks/match_cv.py chooses the scale). Full text
    cannot read a document in another language, so such documents get the average full-text
    evidence of the need's language: neither rewarded nor punished for it; ``expanded`` weighs
    the term bank's translations of the need's Convention terms found in them instead.
    """
    w = Weights()
    other = np.array([d.language != language for d in idx.docs], dtype=bool)
    total = np.zeros(idx.size, dtype=np.float32)
    for name, z in _vector_evidence(idx, text, w).items():
        scale = np.where(other, (across or {}).get(name, 1.0), 1.0).astype(np.float32)
        total += w.vector_weight(name) * scale * z
    total += lexical * _lexical_evidence(idx, text, ~other, w.ztop)
    if expanded:
        total += expanded * expanded_scores(idx, text, language)
    return zscore_top(total, w.ztop)


def _vector_evidence(idx: Any, text: str, w: Any) -> dict[str, np.ndarray]:
    """Each embedder's best-passage cosine per resource, language-bias corrected, as z-scores."""
    out = {}
    for name, matrix in idx.matrices.items():
        qv = get_embedder(name).embed_queries([text])[0]
        scores = doc_max(matrix @ qv, idx.starts).astype(np.float32)
        centred = language_centre(scores, idx.doc_lang, len(idx.languages), w.shrink)
        out[name] = zscore_top(centred, w.ztop)
    return out


def _lexical_evidence(idx: Any, text: str, same: np.ndarray, ztop: int) -> np.ndarray:
    """Best full-text score per resource as z-scores; resources in another language than the
    need's get the average of those in its language (``same``)."""
    lexical = best_per_resource(
        idx, lambda: fts.search(text[:MAX_QUERY_CHARS], total=len(idx.passage_ids))
    )
    if not lexical.any():
        return lexical
    lz = zscore_top(lexical, ztop)
    if same.any() and not same.all():
        lz = np.where(same, lz, float(lz[same].mean()))
    return lz


# ----------------------------------------------------------------------------- candidates


@dataclass
class Library:
    """What the library knows about a need's candidate resources, read once for all of them."""

    idf_topics: dict[Any, float] = field(default_factory=dict)
    idf_articles: dict[Any, float] = field(default_factory=dict)
    inferred: dict[int, tuple[dict[str, float], dict]] = field(default_factory=dict)
    delivered: dict[int, int] = field(default_factory=dict)  # by resource pk
    accepted: dict[str, int] = field(default_factory=dict)  # by external id
    rejected: set[str] = field(default_factory=set)
    countries: dict[int, set[str]] = field(default_factory=dict)  # ISO3 codes by resource pk
    titles: dict[int, str] = field(default_factory=dict)  # by resource pk

    @classmethod
    def read(cls, idx: Any, q: NeedQuery, cfg: Config, top: list[int]) -> Library:
        docs = idx.docs
        pks = [int(idx.doc_pks[d]) for d in top]
        lib = cls(rejected=_rejected_refs(q))
        if cfg.topics or cfg.articles:
            lib.idf_topics, lib.idf_articles = label_idf(idx)
        unlabelled = [d for d in top if not docs[d].topics]
        if cfg.topics and unlabelled:
            # the library's own labels when it has enough of them, else the zero-shot classifier
            found = propagated_profiles(idx, unlabelled)
            lib.inferred = found if found is not None else zero_shot_profiles(idx, unlabelled)
        if cfg.delivered:
            lib.delivered = _delivered_counts(pks)[0]
        if cfg.accepted:
            lib.accepted = _accepted_counts(q, [docs[d].external_id for d in top])
        if q.country is not None and cfg.region:
            rows = Resource.countries.through.objects.filter(resource_id__in=pks)
            for rid, iso3 in rows.values_list("resource_id", "country__iso3"):
                lib.countries.setdefault(rid, set()).add(iso3)
        lib.titles = dict(Resource.objects.filter(pk__in=pks).values_list("pk", "title"))
        return lib


@dataclass
class Candidate:
    """One candidate resource: its relevance, its boosts and the reasons for both."""

    doc: int
    relevance: float
    boost: float
    reasons: list[dict[str, Any]]


def score_candidate(
    idx: Any, q: NeedQuery, cfg: Config, lib: Library, d: int, text_z: float
) -> Candidate:
    """Relevance and boosts of index document ``d`` for the need, each with its reasons."""
    info = idx.docs[d]
    pk = int(idx.doc_pks[d])
    labels_t, labels_a, trust = _labels(info, lib.inferred.get(d), cfg)
    ot = overlap(q.topics, labels_t, lib.idf_topics)
    oa = overlap(q.articles, labels_a, lib.idf_articles)
    relevance = cfg.text * text_z + trust * (cfg.topics * ot + cfg.articles * oa)
    reasons = _taxonomy_reasons(q, cfg, labels_t, labels_a)
    shared_labels = _shares_labels(q, labels_t, labels_a)
    boost = _party_boost(q, cfg, info, lib.countries.get(pk, set()), reasons)
    boost += _delivery_boost(cfg, info, lib.delivered.get(pk, 0), lib.accepted, reasons)
    boost += cfg.rtype * HELPFUL_TYPES.get(info.type, 0.3)
    if text_z >= 1.0 or not shared_labels:
        terms = _shared_terms(q.text, lib.titles.get(pk, ""))
        reasons.insert(0, {"code": "similar_text", **({"terms": terms} if terms else {})})
    return Candidate(d, relevance, boost, reasons)


def _labels(
    info: Any, inferred: tuple[dict[str, float], dict] | None, cfg: Config
) -> tuple[dict[Any, float], dict[Any, float], float]:
    """The resource's topics and articles with their weights, and the trust in them: its own
    labels fully, else the inferred ones (neighbours' or the classifier's) at ``cfg.inferred``."""
    if info.topics:
        return dict.fromkeys(info.topics, 1.0), dict.fromkeys(info.articles, 1.0), 1.0
    if inferred is not None:
        tp, ap = inferred
        topics = {k: p for k, p in tp.items() if p >= INFERRED_LABEL}
        articles = {k: p for k, p in ap.items() if p >= INFERRED_LABEL}
        return topics, articles, cfg.inferred
    return {}, dict.fromkeys(info.articles, 1.0), 1.0


def _shared(q: NeedQuery, labels_t: dict, labels_a: dict) -> tuple[list[str], list[int]]:
    topics = [t for t in q.top_topics() if labels_t.get(t, 0) >= 0.5]
    articles = sorted(a for a, p in q.articles.items() if p >= 0.5 and labels_a.get(a, 0) >= 0.5)
    return topics, articles


def _shares_labels(q: NeedQuery, labels_t: dict, labels_a: dict) -> bool:
    topics, articles = _shared(q, labels_t, labels_a)
    return bool(topics or articles)


def _taxonomy_reasons(
    q: NeedQuery, cfg: Config, labels_t: dict, labels_a: dict
) -> list[dict[str, Any]]:
    """The need's topics and articles the resource carries (when that evidence is weighed)."""
    topics, articles = _shared(q, labels_t, labels_a)
    reasons: list[dict[str, Any]] = []
    if topics and cfg.topics:
        reasons.append({"code": "shared_topic", "topics": topics[:3]})
    if articles and cfg.articles:
        reasons.append({"code": "shared_article", "articles": articles[:3]})
    return reasons


def _party_boost(
    q: NeedQuery, cfg: Config, info: Any, countries: set[str], reasons: list[dict[str, Any]]
) -> float:
    """The party's language and region (appends the reasons)."""
    boost = 0.0
    if cfg.language and info.language == q.language:
        boost += cfg.language
        reasons.append({"code": "same_language", "language": info.language})
    if cfg.region and q.country is not None:
        region = getattr(q.country, "region", "") or ""
        subregion = getattr(q.country, "subregion", "") or ""
        if q.country.iso3 in countries or (subregion and subregion in info.regions):
            boost += cfg.region
            reasons.append({"code": "serves_region", "region": subregion or region})
        elif region and region in info.regions:
            boost += cfg.region / 2
            reasons.append({"code": "serves_region", "region": region})
    return boost


def _delivery_boost(
    cfg: Config, info: Any, delivered: int, accepted: dict[str, int], reasons: list[dict[str, Any]]
) -> float:
    """What was delivered with the resource, and officers' past decisions (appends reasons)."""
    boost = 0.0
    if delivered:
        boost += cfg.delivered * math.log1p(delivered)
        reasons.append({"code": "used_in_activities", "count": delivered})
    if accepted.get(info.external_id):
        count = accepted[info.external_id]
        boost += cfg.accepted * math.log1p(count)
        reasons.append({"code": "accepted_before", "count": count})
    return boost


# ----------------------------------------------------------------------------- library reads


def _delivered_counts(pks: list[int]) -> tuple[dict[int, int], dict[str, int]]:
    """Completed activities that produced each resource (by pk), and the external ids."""
    from django.apps import apps

    ext = dict(Resource.objects.filter(pk__in=pks).values_list("external_id", "pk"))
    try:
        Output = apps.get_model("activities", "ActivityOutput")
    except LookupError:
        return {}, {}
    counts: dict[int, int] = {}
    by_ext: dict[str, int] = {}
    for ref in Output.objects.filter(
        resource_ref__in=list(ext), activity__status="completed"
    ).values_list("resource_ref", flat=True):
        counts[ext[ref]] = counts.get(ext[ref], 0) + 1
        by_ext[ref] = by_ext.get(ref, 0) + 1
    return counts, by_ext


def _accepted_counts(q: NeedQuery, refs: list[str]) -> dict[str, int]:
    """How often an officer accepted each resource for another need sharing a topic."""
    topics = q.top_topics()
    qs = Match.objects.filter(kind="resource", decision="accepted", target_ref__in=refs)
    if q.need_id:
        qs = qs.exclude(need_id=q.need_id)
    if topics:
        qs = qs.filter(need__topics__slug__in=topics)
    out: dict[str, int] = {}
    for ref in qs.values_list("target_ref", flat=True).distinct():
        out[ref] = out.get(ref, 0) + 1
    return out


def _rejected_refs(q: NeedQuery) -> set[str]:
    if not q.need_id:
        return set()

    return set(
        Match.objects.filter(need_id=q.need_id, decision="rejected").values_list(
            "target_ref", flat=True
        )
    )


# ----------------------------------------------------------------------------- named terms

_WORD = re.compile(r"[^\W\d_]{4,}|[\u3400-\u9fff]{2,}")
_SPACELESS_RE = re.compile(r"[\u3400-\u9fff]")
_STOP = frozenset(
    "about after also been being from have into more need needs other over such than that "
    "their them there these they this those through under were what when which with would "
    "your pour dans avec sont être plus para como esta este sobre desde entre".split()
)


# The Convention's subject in the six languages (and its name): nearly every need and title
# says it, so as the evidence of a match it says nothing ("close in meaning (mercury)").
_SUBJECT = frozenset(
    "mercury mercure mercurio minamata ртуть ртути ртутью ртутного ртутных минамата الزئبق "
    "زئبق ميناماتا".split()
)


def _shared_terms(need: str, title: str, limit: int = 3) -> list[str]:
    """Words of the resource's title that the need also uses (the text evidence, named)."""
    need_words = {w.casefold() for w in _WORD.findall(need)}
    stems = {w[:6] for w in need_words if len(w) >= 5}
    out: list[str] = []
    for w in _WORD.findall(title):
        low = w.casefold()
        if low in _STOP or low in _SUBJECT or low in (x.casefold() for x in out):
            continue
        if low in need_words or (len(low) >= 5 and low[:6] in stems):
            out.append(w)
        elif _SPACELESS_RE.match(w):  # no spaces: the runs the title shares with the need
            out.extend(r for r in _shared_runs(w, need) if r not in out)
        if len(out) >= limit:
            break
    return out[:limit]


# Chinese characters that alone name nothing shared: particles, and mercury itself (_SUBJECT)
_CJK_FILLER = frozenset("的和与及或在中了对为以汞")


def _shared_runs(run: str, need: str) -> list[str]:
    """The longest pieces (two characters or more) of a Chinese title run that the need also
    writes, left to right, trimmed of particles: '手工和小规模采金' of a guide's whole title,
    not the title itself."""
    out: list[str] = []
    i = 0
    while i < len(run) - 1:
        j = len(run)
        while j - i >= 2 and run[i:j] not in need:
            j -= 1
        if j - i < 2:
            i += 1
            continue
        piece = run[i:j].strip("".join(_CJK_FILLER))
        if len(piece) >= 2:
            out.append(piece)
        i = j
    return out
