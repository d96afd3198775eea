"""What else answers a need: completed activities (examples of success), alternative
technologies, and providers (regional centres, those who delivered, publishers)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.library.models import Resource
from minamata_kb.matching.evidence import Suggestion, embed_cached, embed_query, overlap, squash
from minamata_kb.matching.models import Technology
from minamata_kb.matching.query import NeedQuery
from minamata_kb.registry.models import Organisation

REGIONAL_KINDS = {"basel_centre", "stockholm_centre", "brs_centre"}


def _activity_model() -> Any:
    from django.apps import apps

    try:
        return apps.get_model("activities", "Activity")
    except LookupError:
        return None


def rank_activities(q: NeedQuery, *, limit: int = 5, user: Any = None) -> list[Suggestion]:
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
        ot = overlap(q.topics, dict.fromkeys(topics, 1.0))
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
        if sim < 0.35 and not shared:
            continue  # neither close in meaning nor on the need's topics: not evidence enough
        if sim >= 0.35:
            reasons.insert(0, {"code": "similar_text"})
        hits.append(Suggestion("activity", a.code, a.title, squash(s), reasons))
    hits.sort(key=lambda h: (-h.score, h.ref))
    return hits[:limit]


def _catalogue_idf(topics: list[list[str]]) -> dict[Any, float]:
    """log((N+1)/df) of each topic over the technology catalogue (None: a topic none has).
    Technology transfer, which most technologies carry, then says little, so an artisanal
    gold-mining need no longer shares "a topic" with a coal-plant sorbent."""
    n = len(topics)
    df: dict[Any, int] = {}
    for slugs in topics:
        for s in set(slugs):
            df[s] = df.get(s, 0) + 1
    idf: dict[Any, float] = {s: math.log((n + 1) / c) for s, c in df.items()}
    idf[None] = math.log(n + 1)
    return idf


def rank_technologies(q: NeedQuery, *, limit: int = 5) -> list[Suggestion]:
    """Alternative technologies that fit the need's topics and text: close in meaning
    (similarity 0.35, as for activities) or on the need's specific topics."""
    techs = list(Technology.objects.filter(published=True).prefetch_related("topics"))
    if not techs or not q.text.strip():
        return []
    sims = embed_cached(
        [f"{t.name}. {t.replaces}. {t.description[:600]}" for t in techs]
    ) @ embed_query(q.text)
    topics_of = [[x.slug for x in t.topics.all()] for t in techs]
    idf = _catalogue_idf(topics_of)
    hits = []
    for t, sim, topics in zip(techs, sims.tolist(), topics_of, strict=True):
        ot = overlap(q.topics, dict.fromkeys(topics, 1.0), idf)
        if sim < 0.35 and ot < 0.3:
            continue
        reasons: list[dict[str, Any]] = [{"code": "replaces", "slug": t.slug, "use": t.replaces}]
        shared = [x for x in q.top_topics() if x in topics]
        if shared:
            reasons.append({"code": "shared_topic", "topics": shared[:3]})
        if t.case_studies:
            reasons.append({"code": "case_studies", "count": len(t.case_studies)})
        hits.append(Suggestion("technology", t.slug, t.name, squash(2.0 * sim + ot), reasons))
    hits.sort(key=lambda h: (-h.score, h.ref))
    return hits[:limit]


def _is_secretariat(user: Any) -> bool:
    return is_secretariat(user)


# ----------------------------------------------------------------------------- providers


def rank_providers(
    q: NeedQuery,
    resources: list[Suggestion],
    technologies: list[Suggestion] | None = None,
    *,
    limit: int = 10,
) -> list[Suggestion]:
    """Organisations (and donor parties) that can help: the regional centre serving the
    party's country, those who delivered similar activities in the region, the publishers of
    the matched resources and the providers of the matched technologies."""
    tally = _Tally()
    _serving_the_country(tally, q.country)
    _delivered_activities(tally, q)
    _publishers(tally, resources)
    _technology_providers(tally, technologies or [])
    _serving_ldc_sids(tally, q.country)
    return tally.hits(limit)


@dataclass
class _Tally:
    """Points and reasons per provider (organisation slug or party code)."""

    score: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # (name, kind)

    def add(self, key: str, name: str, kind: str, points: float, reason: dict[str, Any]) -> None:
        self.score[key] = self.score.get(key, 0.0) + points
        self.reasons.setdefault(key, []).append(reason)
        self.names[key] = (name, kind)

    def hits(self, limit: int) -> list[Suggestion]:
        hits = [
            Suggestion(
                "provider",
                key,
                self.names[key][0],
                squash(s),
                _dedupe(self.reasons[key]),
                {"kind": self.names[key][1]},
            )
            for key, s in self.score.items()
        ]
        hits.sort(key=lambda h: (-h.score, h.ref))
        return hits[:limit]


def _serving_the_country(tally: _Tally, country: Any) -> None:
    """Organisations serving the party's country (a regional centre most)."""
    if country is None:
        return
    for org in Organisation.objects.filter(countries_served=country):
        points = 1.5 if org.kind in REGIONAL_KINDS else 0.8
        reason = {"code": "serves_country", "iso3": country.iso3, "country": country.name_en}
        tally.add(org.slug, org.name, org.kind, points, reason)


def _delivered_activities(tally: _Tally, q: NeedQuery) -> None:
    """Providers of activities on the need's topics (one in the party's region counts double).
    Parties appear here, through the activities they provided."""
    Activity = _activity_model()
    topics = q.top_topics()
    if Activity is None or not topics:
        return
    country = q.country
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
        in_region = country is not None and any(
            c.region == country.region for c in a.beneficiary_countries.all() if c.region
        )
        per.setdefault(key, []).append(2.0 if in_region else 1.0)
    for key, ws in per.items():
        name, kind = meta[key]
        reason = {"code": "delivered_activities", "count": len(ws), "topics": topics[:3]}
        tally.add(key, name, kind, 0.6 * math.log1p(sum(ws)), reason)


def _publishers(tally: _Tally, resources: list[Suggestion]) -> None:
    """Publishers of the matched resources, by the resources' scores."""
    if not resources:
        return
    weights = {h.ref: h.score for h in resources}
    counts: dict[str, list[float]] = {}
    meta: dict[str, tuple[str, str]] = {}
    for ext, slug, name, kind in Resource.objects.filter(
        external_id__in=list(weights), provider__isnull=False
    ).values_list("external_id", "provider__slug", "provider__name", "provider__kind"):
        counts.setdefault(slug, []).append(weights[ext])
        meta[slug] = (name, kind)
    for slug, ws in counts.items():
        name, kind = meta[slug]
        # counts only: the resources' titles are shown (or hidden) on their own rows
        tally.add(slug, name, kind, 0.8 * sum(ws), {"code": "provided_resources", "count": len(ws)})


def _technology_providers(tally: _Tally, technologies: list[Suggestion]) -> None:
    """Providers of matched technologies: only the technologies that answer the need as well as
    the best one does (a weak technology's provider is no evidence), named in the reason."""
    if not technologies:
        return

    top_score = max(h.score for h in technologies)
    strong = [h.ref for h in technologies if h.score >= top_score - 0.1]
    for t in Technology.objects.filter(slug__in=strong).prefetch_related("providers"):
        for org in t.providers.all():
            reason = {
                "code": "provides_technology",
                "slug": t.slug,
                "technology": t.name,
                "use": t.replaces,
            }
            tally.add(org.slug, org.name, org.kind, 0.3, reason)


def _serving_ldc_sids(tally: _Tally, country: Any) -> None:
    """For an LDC or SIDS party: the found organisations that serve such States."""
    if country is None or not (country.ldc or country.sids) or not tally.score:
        return
    flagged = set(
        Organisation.objects.filter(slug__in=list(tally.score))
        .filter(models_q_ldc_sids())
        .values_list("slug", flat=True)
    )
    for slug in flagged:
        tally.score[slug] += 0.2
        tally.reasons[slug].append({"code": "ldc_sids"})


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
