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

import math
import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from minamata_kb.matching.answers import rank_activities, rank_providers, rank_technologies
from minamata_kb.matching.evidence import (
    Hit,
    _label_idf,
    _overlap,
    _propagated_profiles,
    _squash,
    _text_scores,
    _zero_shot_profiles,
    embed_cached,
)
from minamata_kb.matching.query import NeedQuery

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


@dataclass(frozen=True)
class Config:
    """Weights of each kind of evidence (defaults measured on the development needs)."""

    text: float = 1.0
    lexical: float = 1.0  # full text beside each embedding model, all as z-scores
    # The term bank's translations of the need's Convention terms, found in documents of the
    # other languages (evidence._expanded_scores): 0.5 was chosen on every training fold of
    # benchmarks/match_cv.py --expanded (leave-one-need-out; grid 0, 0.5, 1, 2).
    expanded: float = 0.5
    topics: float = 0.6  # cross-validated over the development needs (was 1.2)
    articles: float = 0.4
    inferred: float = 0.6  # trust in a zero-shot topic profile relative to human labels
    language: float = 0.35
    region: float = 0.3
    ldc_sids: float = 0.15
    delivered: float = 0.3
    accepted: float = 0.4
    rtype: float = 0.3
    pool: int = 60  # candidates re-ranked after the text score
    # Relevance first (issue 13): a candidate's relevance is its text and taxonomy evidence;
    # the boosts above (language, region, LDC/SIDS, delivered, accepted, type) only reorder
    # the candidates whose relevance is within ``margin`` of the best one, so a boosted but
    # off-subject resource can never pass an on-subject one. Under ``floor`` (relevance in
    # text z-score units) nothing is proposed. Both chosen by cross-validation over the
    # development needs (benchmarks/match_cv.py), never on the whole set.
    margin: float = 1.0
    floor: float = 0.5

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
            floor=-1e9,
        )


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


_RELEVANCE_CODES = {"similar_text", "shared_topic", "shared_article"}
_WORD = re.compile(r"[^\W\d_]{4,}|[\u3400-\u9fff]{2,}")
_STOP = frozenset(
    "about after also been being from have into more need needs other over such than that "
    "their them there these they this those through under were what when which with would "
    "your pour dans avec sont être plus para como esta este sobre desde entre".split()
)


def _shared_terms(need: str, title: str, limit: int = 3) -> list[str]:
    """Words of the resource's title that the need also uses (the text evidence, named)."""
    need_words = {w.casefold() for w in _WORD.findall(need)}
    stems = {w[:6] for w in need_words if len(w) >= 5}
    out: list[str] = []
    for w in _WORD.findall(title):
        low = w.casefold()
        if low in _STOP or low in (x.casefold() for x in out):
            continue
        if low in need_words or (len(low) >= 5 and low[:6] in stems):
            out.append(w)
        elif _SPACELESS_RE.match(w):
            grams = {w[i : i + 2] for i in range(len(w) - 1)}
            if any(g in need for g in grams):
                out.append(w)
        if len(out) >= limit:
            break
    return out


_SPACELESS_RE = re.compile(r"[\u3400-\u9fff]")


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
    text_z = _text_scores(idx, q.text, q.language, cfg.lexical, cfg.expanded)
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

    titles_by_pk = dict(Resource.objects.filter(pk__in=pks).values_list("pk", "title"))

    def info_title(d: int) -> str:
        return str(titles_by_pk.get(int(idx.doc_pks[d]), ""))

    scored: list[tuple[float, int, list[dict[str, Any]]]] = []
    relevance: dict[int, float] = {}
    boosts: dict[int, float] = {}
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
        oa = _overlap(q.articles, labels_a, idf_a)
        s += trust * (cfg.topics * ot + cfg.articles * oa)
        relevance[d] = s
        s = 0.0  # from here on: boosts, applied only to candidates relevant on their own
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
        s += cfg.rtype * HELPFUL_TYPES.get(info.type, 0.3)
        boosts[d] = s
        if text_z[d] >= 1.0 or not (shared or shared_a):
            terms = _shared_terms(q.text, f"{info_title(d)}")
            reasons.insert(0, {"code": "similar_text", **({"terms": terms} if terms else {})})
        scored.append((0.0, d, reasons))
    best = max(relevance.values(), default=0.0)
    ranked: list[tuple[float, int, list[dict[str, Any]]]] = []
    for _s, d, reasons in scored:
        r = relevance[d]
        if r < cfg.floor:
            continue  # not relevant enough to propose at all
        if r >= best - cfg.margin:
            final = r + boosts[d]
        else:  # not relevant on its own: the boosts do not lift it, and say nothing for it
            final = r
            reasons = [x for x in reasons if x["code"] in _RELEVANCE_CODES]
        if docs[d].external_id in rejected:
            final -= 10.0
        ranked.append((final, d, reasons))
    scored = sorted(ranked, key=lambda x: (-x[0], int(idx.doc_pks[x[1]])))

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
    "embed_cached",
    "replace",
]
