"""Matching a need to resources, providers, examples of success and technologies.

Text similarity alone is not enough (measured: ``benchmarks/match_quality.py``). The text
evidence itself is the search app's parts weighted for needs (full text beside each embedding
model, all as z-scores; see ``_text_scores``), and a resource's score adds:

* **taxonomy**: the need's topics and articles (confirmed, or the classifier's probabilities)
  against the resource's labels, each label weighted by its rarity in the library (idf); a
  resource without labels gets the labels of its five nearest labelled resources (vectors
  already in the search index, cached per index version), or the classifier's zero-shot
  profile while fewer than 20 resources are labelled;
* **the party**: resources in the need's language, about the party's country or region, and
  aimed at LDCs/SIDS when the party is one;
* **what was delivered**: resources that are outputs of completed activities, or that an
  officer accepted for another need on the same topic (a rejected one drops out);
* **kind of resource**: a need asks for help, so guidance, tools, training and case studies
  weigh a little more than news.

Every hit carries ``reasons`` (data, rendered in the reader's language by ``reasons.render``).
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

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
REGIONAL_KINDS = {"basel_centre", "stockholm_centre", "brs_centre"}


@dataclass(frozen=True)
class Config:
    """Weights of each kind of evidence (defaults measured on the development needs)."""

    text: float = 1.0
    lexical: float = 1.0  # full text beside each embedding model, all as z-scores
    topics: float = 1.2
    articles: float = 0.4
    inferred: float = 0.6  # trust in a zero-shot topic profile relative to human labels
    language: float = 0.35
    region: float = 0.3
    ldc_sids: float = 0.15
    delivered: float = 0.3
    accepted: float = 0.4
    rtype: float = 0.3
    pool: int = 60  # candidates re-ranked after the text score

    @classmethod
    def text_only(cls) -> Config:
        """Only the text score (the benchmark's reference row)."""
        return cls(
            topics=0,
            articles=0,
            language=0,
            region=0,
            ldc_sids=0,
            delivered=0,
            accepted=0,
            rtype=0,
        )


@dataclass
class NeedQuery:
    """What the matcher needs to know about a need."""

    text: str
    language: str = "en"
    party: Any = None
    country: Any = None
    topics: dict[str, float] = field(default_factory=dict)
    articles: dict[int, float] = field(default_factory=dict)
    need_id: int | None = None

    @classmethod
    def build(
        cls,
        text: str,
        *,
        party: Any = None,
        language: str | None = None,
        topics: Iterable[str] = (),
        articles: Iterable[int] = (),
        need_id: int | None = None,
        classify: bool = True,
    ) -> NeedQuery:
        """A query from raw values; ``party`` is a Party or an ISO3 code; topics/articles that
        were confirmed count fully, the classifier's probabilities fill in the rest."""
        from minamata_kb.search.text import detect_language

        if isinstance(party, str):
            from minamata_kb.registry.models import Party

            party = Party.objects.select_related("country").filter(code=party.upper()).first()
        lang = language or detect_language(text, default="en")
        q = cls(text=text, language=lang, party=party, need_id=need_id)
        q.country = getattr(party, "country", None) if party is not None else None
        if classify and text.strip():
            q.topics, q.articles = need_profile(text)
        for t in topics:
            q.topics[str(t)] = 1.0
        for a in articles:
            q.articles[int(a)] = 1.0
        return q

    @classmethod
    def from_need(cls, need: Any) -> NeedQuery:
        return cls.build(
            need.text,
            party=need.party,
            language=need.language or None,
            topics=need.topics.values_list("slug", flat=True),
            articles=need.articles.values_list("number", flat=True),
            need_id=need.pk,
        )

    def top_topics(self, minimum: float = 0.35) -> list[str]:
        return [t for t, p in sorted(self.topics.items(), key=lambda kv: -kv[1]) if p >= minimum]


@dataclass
class Hit:
    """One matched item."""

    kind: str
    ref: str
    label: str
    score: float
    reasons: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def why(self) -> str:
        from minamata_kb.matching.reasons import render

        return render(self.reasons)


@dataclass
class MatchResult:
    resources: list[Hit]
    providers: list[Hit]
    activities: list[Hit]
    technologies: list[Hit]

    def as_json(self) -> dict[str, Any]:
        """The ``match --json`` contract (PRODUCT.md) plus the two other lists."""
        return {
            "resources": [
                {"id": h.ref, "score": round(h.score, 4), "why": h.why} for h in self.resources
            ],
            "providers": [
                {
                    "id": h.ref,
                    "name": h.label,
                    "kind": h.extra.get("kind", ""),
                    "score": round(h.score, 4),
                    "why": h.why,
                }
                for h in self.providers
            ],
            "activities": [
                {"id": h.ref, "title": h.label, "score": round(h.score, 4), "why": h.why}
                for h in self.activities
            ],
            "technologies": [
                {"id": h.ref, "name": h.label, "score": round(h.score, 4), "why": h.why}
                for h in self.technologies
            ],
        }


# ----------------------------------------------------------------------------- need profile


def need_profile(text: str) -> tuple[dict[str, float], dict[int, float]]:
    """The classifier's probability for every topic and article of the profile."""
    from minamata_kb.submissions.classifier import embed_text, get_classifier

    clf = get_classifier()
    vectors = embed_text(text, clf.embeddings)
    topics = {str(k): float(p) for k, p in clf.scores("topics", text, vectors)}
    articles = {int(k): float(p) for k, p in clf.scores("articles", text, vectors)}  # type: ignore[call-overload]
    return topics, articles


# ----------------------------------------------------------------------------- resource labels

_profile_lock = threading.Lock()
_profile_cache: dict[tuple[str, int], dict[int, tuple[dict[str, float], dict[int, float]]]] = {}


def _zero_shot_profiles(idx: Any, docs: list[int]) -> dict[int, tuple[dict[str, float], dict]]:
    """Classifier topic/article probabilities of unlabelled resources, from their indexed
    passages (vectors re-used from the search index; texts read once)."""
    from django.db import connection

    from minamata_kb.search.models import Passage
    from minamata_kb.submissions.classifier import TextVectors, get_classifier

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


def _overlap(
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


def _label_idf(idx: Any) -> tuple[dict[Any, float], dict[Any, float]]:
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


def _text_scores(idx: Any, text: str, language: str, lexical_weight: float = 1.0) -> np.ndarray:
    """Text evidence of every indexed resource for a need, as z-scores.

    The search app's parts, weighted for needs (a sentence or a paragraph, not a few words):
    each embedder's best-passage cosine, language-bias corrected, and the full-text score are
    each put on a z-scale against the need's best 50 documents and added with equal weight.
    Full text cannot read a document in another language, so such documents get the average
    full-text evidence of the need's language: neither rewarded nor punished for it.
    """
    from minamata_kb.search import fts
    from minamata_kb.search.embedders import get_embedder
    from minamata_kb.search.ranking import Weights, doc_max, language_centre, zscore_top
    from minamata_kb.search.text import MAX_QUERY_CHARS

    n = idx.size
    w = Weights()
    total = np.zeros(n, dtype=np.float32)
    for name, matrix in idx.matrices.items():
        qv = get_embedder(name).embed_queries([text])[0]
        scores = doc_max(matrix @ qv, idx.starts).astype(np.float32)
        centred = language_centre(scores, idx.doc_lang, len(idx.languages), w.shrink)
        total += w.vector_weight(name) * zscore_top(centred, w.ztop)
    lexical = np.zeros(n, dtype=np.float32)
    try:
        hits = fts.search(text[:MAX_QUERY_CHARS])
    except Exception:  # noqa: BLE001 - an odd query must not stop matching; vectors suffice
        hits = []
    if hits:
        docs = idx.doc_of_passages(np.array([h[0] for h in hits], dtype=np.int64))
        for (_, score), d in zip(hits, docs.tolist(), strict=True):
            if d >= 0 and score > lexical[d]:
                lexical[d] = score
        lz = zscore_top(lexical, w.ztop)
        same = np.array([d.language == language for d in idx.docs], dtype=bool)
        if same.any() and not same.all():
            lz = np.where(same, lz, float(lz[same].mean()))
        total += lexical_weight * lz
    return zscore_top(total, w.ztop)


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


def _propagated_profiles(
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


def _delivered_counts(pks: list[int]) -> tuple[dict[int, int], dict[str, int]]:
    """Completed activities that produced each resource (by pk), and the external ids."""
    from django.apps import apps

    from minamata_kb.library.models import Resource

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
    from minamata_kb.matching.models import Match

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
    from minamata_kb.matching.models import Match

    return set(
        Match.objects.filter(need_id=q.need_id, decision="rejected").values_list(
            "target_ref", flat=True
        )
    )


def rank_resources(
    q: NeedQuery, *, limit: int = 10, user: Any = None, config: Config | None = None
) -> list[Hit]:
    """Resources for a need, best first, one per translation group (the party's language
    preferred)."""
    from minamata_kb.library.models import Resource
    from minamata_kb.search.index import get_index
    from minamata_kb.search.services import _visible_mask

    cfg = config or Config()
    idx = get_index()
    if not idx.size or not q.text.strip():
        return []
    text_z = _text_scores(idx, q.text, q.language, cfg.lexical)
    visible = _visible_mask(idx, user)
    cand = np.flatnonzero(visible)
    if not len(cand):
        return []
    pool = min(len(cand), max(cfg.pool, limit * 3))
    top = cand[np.argpartition(-text_z[cand], pool - 1)[:pool]]
    top = np.array(sorted(top.tolist(), key=lambda d: -text_z[d]))
    docs = idx.docs

    idf_t, idf_a = _label_idf(idx) if cfg.topics or cfg.articles else ({}, {})
    unlabelled = [int(d) for d in top if not docs[d].topics]
    inferred: dict[int, tuple[dict[str, float], dict]] = {}
    if cfg.topics and unlabelled:
        # the library's own labels when it has enough of them, else the zero-shot classifier
        found = _propagated_profiles(idx, unlabelled)
        inferred = found if found is not None else _zero_shot_profiles(idx, unlabelled)
    pks = [int(idx.doc_pks[d]) for d in top]
    delivered, _ = _delivered_counts(pks) if cfg.delivered else ({}, {})
    accepted = _accepted_counts(q, [docs[d].external_id for d in top]) if cfg.accepted else {}
    rejected = _rejected_refs(q)
    region = getattr(q.country, "region", "") or ""
    subregion = getattr(q.country, "subregion", "") or ""
    res_countries: dict[int, set[str]] = {}
    if q.country is not None and cfg.region:
        for rid, iso3 in Resource.countries.through.objects.filter(resource_id__in=pks).values_list(
            "resource_id", "country__iso3"
        ):
            res_countries.setdefault(rid, set()).add(iso3)

    scored: list[tuple[float, int, list[dict[str, Any]]]] = []
    for d in top.tolist():
        info = docs[d]
        reasons: list[dict[str, Any]] = []
        s = cfg.text * float(text_z[d])
        # taxonomy
        if info.topics:
            labels_t: dict[Any, float] = dict.fromkeys(info.topics, 1.0)
            labels_a: dict[Any, float] = dict.fromkeys(info.articles, 1.0)
            trust = 1.0
        elif d in inferred:
            tp, ap = inferred[d]
            labels_t = {k: p for k, p in tp.items() if p >= 0.3}
            labels_a = {k: p for k, p in ap.items() if p >= 0.3}
            trust = cfg.inferred
        else:
            labels_t, labels_a, trust = {}, dict.fromkeys(info.articles, 1.0), 1.0
        ot = _overlap(q.topics, labels_t, idf_t)
        oa = _overlap(q.articles, labels_a, idf_a)  # type: ignore[arg-type]
        s += trust * (cfg.topics * ot + cfg.articles * oa)
        shared = [t for t in q.top_topics() if labels_t.get(t, 0) >= 0.5]
        if shared and cfg.topics:
            reasons.append({"code": "shared_topic", "topics": shared[:3]})
        shared_a = sorted(
            a for a, p in q.articles.items() if p >= 0.5 and labels_a.get(a, 0) >= 0.5
        )
        if shared_a and cfg.articles:
            reasons.append({"code": "shared_article", "articles": shared_a[:3]})
        # the party
        if cfg.language and info.language == q.language:
            s += cfg.language
            reasons.append({"code": "same_language", "language": info.language})
        pk = int(idx.doc_pks[d])
        if cfg.region and q.country is not None:
            here = res_countries.get(pk, set())
            if q.country.iso3 in here or (subregion and subregion in info.regions):
                s += cfg.region
                reasons.append({"code": "serves_region", "region": subregion or region})
            elif region and region in info.regions:
                s += cfg.region / 2
                reasons.append({"code": "serves_region", "region": region})
        # what was delivered, and officers' past decisions
        if delivered.get(pk):
            s += cfg.delivered * math.log1p(delivered[pk])
            reasons.append({"code": "used_in_activities", "count": delivered[pk]})
        if accepted.get(info.external_id):
            s += cfg.accepted * math.log1p(accepted[info.external_id])
            reasons.append({"code": "accepted_before", "count": accepted[info.external_id]})
        if info.external_id in rejected:
            s -= 10.0
        s += cfg.rtype * HELPFUL_TYPES.get(info.type, 0.3)
        if text_z[d] >= 1.0 or not reasons:
            reasons.insert(0, {"code": "similar_text"})
        scored.append((s, d, reasons))
    scored.sort(key=lambda x: (-x[0], int(idx.doc_pks[x[1]])))

    # one row per translation group: the party's language first, else the best scored
    groups = dict(Resource.objects.filter(pk__in=pks).values_list("pk", "translation_group"))
    langs_in_group: dict[str, dict[str, str]] = {}
    for grp, lang, ext in Resource.objects.filter(
        translation_group__in=set(groups.values())
    ).values_list("translation_group", "language", "external_id"):
        langs_in_group.setdefault(grp, {})[lang] = ext
    hits: list[Hit] = []
    seen: set[str] = set()
    for s, d, reasons in scored:
        info = docs[d]
        grp = groups.get(int(idx.doc_pks[d]), "")
        if grp in seen:
            continue
        seen.add(grp)
        ref = info.external_id
        others = langs_in_group.get(grp, {})
        if info.language != q.language and q.language in others:
            reasons = [*reasons, {"code": "translation", "language": q.language}]
        hits.append(Hit("resource", ref, "", _squash(s), reasons, {"type": info.type}))
        if len(hits) >= limit:
            break
    titles = dict(
        Resource.objects.filter(external_id__in=[h.ref for h in hits]).values_list(
            "external_id", "title"
        )
    )
    for h in hits:
        h.label = titles.get(h.ref, h.ref)
    return hits


def _squash(x: float) -> float:
    """A readable score in (0, 1), monotone in the raw score."""
    return 1.0 / (1.0 + math.exp(-(x - 1.5)))


# ----------------------------------------------------------------------------- small sets

_vec_lock = threading.Lock()
_vec_cache: dict[str, np.ndarray] = {}


def embed_cached(texts: list[str]) -> np.ndarray:
    """USE vectors (cross-lingual) of short texts, cached in-process by content."""
    from minamata_kb.search.embedders import embedder_names, get_embedder

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
    from minamata_kb.search.embedders import embedder_names, get_embedder

    name = "use" if "use" in embedder_names() else embedder_names()[0]
    return get_embedder(name).embed_queries([text])[0]


def _activity_model() -> Any:
    from django.apps import apps

    try:
        return apps.get_model("activities", "Activity")
    except LookupError:
        return None


def rank_activities(q: NeedQuery, *, limit: int = 5, user: Any = None) -> list[Hit]:
    """Completed activities with reported results on the need's topics: examples of success."""
    Activity = _activity_model()
    if Activity is None or not q.text.strip():
        return []
    from django.db.models import Count

    qs = Activity.objects.filter(status="completed")
    if user is None or not _is_secretariat(user):
        qs = qs.filter(published=True)
    acts = list(
        qs.annotate(n_results=Count("results", distinct=True)).prefetch_related(
            "topics", "beneficiary_countries"
        )[:2000]
    )
    if not acts:
        return []
    sims = embed_cached([f"{a.title}\n{a.description[:800]}" for a in acts]) @ embed_query(q.text)
    hits = []
    for a, sim in zip(acts, sims.tolist(), strict=True):
        topics = [t.slug for t in a.topics.all()]
        ot = _overlap(q.topics, dict.fromkeys(topics, 1.0))
        s = 2.0 * sim + 1.0 * ot
        reasons: list[dict[str, Any]] = []
        shared = [t for t in q.top_topics() if t in topics]
        if shared:
            reasons.append({"code": "shared_topic", "topics": shared[:3]})
        if a.n_results:
            s += 0.2
            reasons.append({"code": "results", "count": a.n_results})
        if q.country is not None:
            countries = list(a.beneficiary_countries.all())
            if any(c.region == q.country.region and c.region for c in countries):
                s += 0.2
                reasons.append({"code": "serves_region", "region": q.country.region})
        if sim >= 0.35:
            reasons.insert(0, {"code": "similar_text"})
        if sim < 0.2 and not shared:
            continue
        hits.append(Hit("activity", a.code, a.title, _squash(s), reasons))
    hits.sort(key=lambda h: (-h.score, h.ref))
    return hits[:limit]


def rank_technologies(q: NeedQuery, *, limit: int = 5) -> list[Hit]:
    """Alternative technologies that fit the need's topics and text."""
    from minamata_kb.matching.models import Technology

    techs = list(Technology.objects.filter(published=True).prefetch_related("topics"))
    if not techs or not q.text.strip():
        return []
    sims = embed_cached(
        [f"{t.name}. {t.replaces}. {t.description[:600]}" for t in techs]
    ) @ embed_query(q.text)
    hits = []
    for t, sim in zip(techs, sims.tolist(), strict=True):
        topics = [x.slug for x in t.topics.all()]
        ot = _overlap(q.topics, dict.fromkeys(topics, 1.0))
        if sim < 0.25 and ot < 0.3:
            continue
        reasons: list[dict[str, Any]] = [{"code": "replaces", "use": t.replaces}]
        shared = [x for x in q.top_topics() if x in topics]
        if shared:
            reasons.append({"code": "shared_topic", "topics": shared[:3]})
        if t.case_studies:
            reasons.append({"code": "case_studies", "count": len(t.case_studies)})
        hits.append(Hit("technology", t.slug, t.name, _squash(2.0 * sim + ot), reasons))
    hits.sort(key=lambda h: (-h.score, h.ref))
    return hits[:limit]


def _is_secretariat(user: Any) -> bool:
    from minamata_kb.accounts.permissions import is_secretariat

    return is_secretariat(user)


# ----------------------------------------------------------------------------- providers


def rank_providers(
    q: NeedQuery,
    resources: list[Hit],
    technologies: list[Hit] | None = None,
    *,
    limit: int = 10,
) -> list[Hit]:
    """Organisations (and donor parties) that can help: the regional centre serving the
    party's country, those who delivered similar activities in the region, the publishers of
    the matched resources and the providers of the matched technologies."""
    from minamata_kb.library.models import Resource
    from minamata_kb.registry.models import Organisation, Party

    score: dict[str, float] = {}
    reasons: dict[str, list[dict[str, Any]]] = {}
    names: dict[str, tuple[str, str]] = {}

    def add(key: str, name: str, kind: str, points: float, reason: dict[str, Any]) -> None:
        score[key] = score.get(key, 0.0) + points
        reasons.setdefault(key, []).append(reason)
        names[key] = (name, kind)

    country = q.country
    if country is not None:
        for org in Organisation.objects.filter(countries_served=country):
            points = 1.5 if org.kind in REGIONAL_KINDS else 0.8
            add(
                org.slug,
                org.name,
                org.kind,
                points,
                {"code": "serves_country", "country": country.name},
            )

    # delivered activities on the need's topics (region counts double)
    Activity = _activity_model()
    topics = q.top_topics()
    if Activity is not None and topics:
        qs = (
            Activity.objects.filter(topics__slug__in=topics, published=True)
            .exclude(status="cancelled")
            .distinct()
            .select_related("provider_organisation", "provider_party")
            .prefetch_related("beneficiary_countries")
        )
        per: dict[str, list[float]] = {}
        meta: dict[str, tuple[str, str]] = {}
        for a in qs[:5000]:
            if a.provider_organisation is not None:
                key = a.provider_organisation.slug
                meta[key] = (a.provider_organisation.name, a.provider_organisation.kind)
            elif a.provider_party is not None:
                key = a.provider_party.code
                meta[key] = (a.provider_party.name, "party")
            else:
                continue
            w = 1.0
            if country is not None and any(
                c.region == country.region for c in a.beneficiary_countries.all() if c.region
            ):
                w = 2.0
            per.setdefault(key, []).append(w)
        for key, ws in per.items():
            name, kind = meta[key]
            add(
                key,
                name,
                kind,
                0.6 * math.log1p(sum(ws)),
                {"code": "delivered_activities", "count": len(ws)},
            )

    # publishers of the matched resources
    if resources:
        weights = {h.ref: h.score for h in resources}
        counts: dict[str, list[float]] = {}
        meta2: dict[str, tuple[str, str]] = {}
        for ext, slug, name, kind in Resource.objects.filter(
            external_id__in=list(weights), provider__isnull=False
        ).values_list("external_id", "provider__slug", "provider__name", "provider__kind"):
            counts.setdefault(slug, []).append(weights[ext])
            meta2[slug] = (name, kind)
        for slug, ws in counts.items():
            name, kind = meta2[slug]
            add(slug, name, kind, 0.8 * sum(ws), {"code": "provided_resources", "count": len(ws)})

    # providers of matched technologies
    if technologies:
        from minamata_kb.matching.models import Technology

        for t in Technology.objects.filter(slug__in=[h.ref for h in technologies]).prefetch_related(
            "providers"
        ):
            for org in t.providers.all():
                add(org.slug, org.name, org.kind, 0.3, {"code": "replaces", "use": t.replaces})

    # LDC/SIDS: organisations whose served countries include such States
    if country is not None and (country.ldc or country.sids) and score:
        flagged = set(
            Organisation.objects.filter(slug__in=list(score))
            .filter(models_q_ldc_sids())
            .values_list("slug", flat=True)
        )
        for slug in flagged:
            score[slug] += 0.2
            reasons[slug].append({"code": "ldc_sids"})
    _ = Party  # parties appear through the activities they provided
    hits = [
        Hit(
            "provider",
            key,
            names[key][0],
            _squash(s),
            _dedupe(reasons[key]),
            {"kind": names[key][1]},
        )
        for key, s in score.items()
    ]
    hits.sort(key=lambda h: (-h.score, h.ref))
    return hits[:limit]


def models_q_ldc_sids() -> Any:
    from django.db.models import Q

    return Q(countries_served__ldc=True) | Q(countries_served__sids=True)


def _dedupe(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out, seen = [], set()
    for r in reasons:
        key = repr(sorted(r.items()))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def match(
    q: NeedQuery, *, limit: int = 10, user: Any = None, config: Config | None = None
) -> MatchResult:
    """Everything that can answer a need."""
    resources = rank_resources(q, limit=limit, user=user, config=config)
    technologies = rank_technologies(q, limit=min(limit, 5))
    activities = rank_activities(q, limit=min(limit, 5), user=user)
    providers = rank_providers(q, resources, technologies, limit=limit)
    return MatchResult(resources, providers, activities, technologies)


__all__ = [
    "Config",
    "NeedQuery",
    "Hit",
    "MatchResult",
    "match",
    "rank_resources",
    "rank_providers",
    "rank_activities",
    "rank_technologies",
    "replace",
]
