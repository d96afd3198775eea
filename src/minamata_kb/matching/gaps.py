"""Gaps: needs against what exists (resources, activities, languages) by topic or article and
by region and country group (LDC, SIDS); needs with nothing behind them; demand signals.

The public sees the figures computed over published needs only; signed-in users over the needs
they may read (officers: all). Supply (resources, activities) counts published records.
"""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import DatabaseError

from minamata_kb.core import tabular
from minamata_kb.core.languages import CONTENT_LANGUAGES, localized
from minamata_kb.matching.selectors import visible_needs
from minamata_kb.registry.models import Country
from minamata_kb.taxonomy.models import Article, Topic

log = logging.getLogger(__name__)

REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
GROUPS = ("LDC", "SIDS")
PRIORITY_WEIGHT = {"high": 3.0, "medium": 2.0, "low": 1.0}
WEAK_MATCH = 0.5  # a best resource score below this is "nothing behind it"


@dataclass
class Cell:
    needs: int = 0
    supply: int = 0

    @property
    def gap(self) -> float:
        """0 (covered or no need) .. 1 (needs and nothing delivered there)."""
        if not self.needs:
            return 0.0
        return round(self.needs / (self.needs + self.supply), 3)

    @property
    def level(self) -> int:
        """Heat level 0-4 for the page."""
        return 0 if not self.needs else min(4, 1 + int(self.gap * 3.999))


@dataclass
class Row:
    key: str
    label: str
    needs: int = 0
    resources: int = 0
    activities: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    groups: dict[str, Cell] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        return (
            round(self.needs / (self.needs + self.resources + self.activities), 3)
            if self.needs
            else 0.0
        )


def _model(app: str, name: str) -> Any:
    try:
        return apps.get_model(app, name)
    except LookupError:
        return None


def _groups_of(country: Any) -> list[str]:
    if country is None:
        return []
    out = [country.region] if country.region in REGIONS else []
    if country.ldc:
        out.append("LDC")
    if country.sids:
        out.append("SIDS")
    return out


def _country_groups() -> dict[int, list[str]]:
    return {c.pk: _groups_of(c) for c in Country.objects.only("pk", "region", "ldc", "sids")}


def coverage(needs_qs: Any, by: str = "topic") -> list[Row]:
    """The coverage matrix, one row per topic (or article) of the profile."""
    if by == "article":
        labels = [
            (str(a.number), f"{a.number} — {localized(a, 'name')}")
            for a in Article.objects.order_by("number")
        ]
        need_rel, res_rel, act_rel = "articles__number", "articles__number", "articles__number"
    else:
        labels = [
            (t.slug, localized(t, "name")) for t in Topic.objects.order_by("position", "slug")
        ]
        need_rel, res_rel, act_rel = "topics__slug", "topics__slug", "topics__slug"
    rows = {
        k: Row(k, label, groups={g: Cell() for g in (*REGIONS, *GROUPS)}) for k, label in labels
    }
    groups_of = _country_groups()

    for key, country_id in needs_qs.values_list(need_rel, "party__country_id"):
        if key is None or str(key) not in rows:
            continue
        rows[str(key)].needs += 1
        if country_id:
            for g in groups_of.get(country_id, []):
                rows[str(key)].groups[g].needs += 1

    Resource = _model("library", "Resource")
    if Resource is not None:
        for key, lang in Resource.objects.filter(published=True).values_list(res_rel, "language"):
            if key is None or str(key) not in rows:
                continue
            r = rows[str(key)]
            r.resources += 1
            r.languages[lang] = r.languages.get(lang, 0) + 1
        # a resource serves the groups of the countries it names; one naming none serves all
        named: dict[int, list[str]] = {}
        for rid, cid in Resource.countries.through.objects.filter(
            resource__published=True
        ).values_list("resource_id", "country_id"):
            named.setdefault(rid, []).extend(groups_of.get(cid, []))
        for rid, key in Resource.objects.filter(published=True).values_list("pk", res_rel):
            if key is None or str(key) not in rows:
                continue
            for g in set(named.get(rid, (*REGIONS, *GROUPS))):
                rows[str(key)].groups[g].supply += 1

    Activity = _model("activities", "Activity")
    if Activity is not None:
        acts = Activity.objects.filter(published=True).exclude(status="cancelled")
        seen: set[tuple[int, str]] = set()
        for aid, key, cid in acts.values_list("pk", act_rel, "beneficiary_countries"):
            if key is None or str(key) not in rows:
                continue
            if (aid, str(key)) not in seen:
                seen.add((aid, str(key)))
                rows[str(key)].activities += 1
            if cid:
                for g in groups_of.get(cid, []):
                    rows[str(key)].groups[g].supply += 1
    return list(rows.values())


def unmet_needs(needs_qs: Any, limit: int = 25) -> list[dict[str, Any]]:
    """Needs with nothing behind them (no accepted match, no strong resource), ranked as
    priorities for new tools: priority, LDC/SIDS party, and how many needs share the topic.

    Only needs the matcher has looked at: a need never matched has no proposals because
    nobody asked yet, not because the library lacks them (``not_matched`` counts those)."""
    from django.db.models import Max, Q

    qs = (
        needs_qs.exclude(status="closed")
        .filter(matched_at__isnull=False)
        .annotate(
            best=Max("matches__score", filter=Q(matches__kind="resource")),
            accepted=Max("matches__decided_at", filter=Q(matches__decision="accepted")),
        )
        .filter(accepted__isnull=True)
        .filter(Q(best__isnull=True) | Q(best__lt=WEAK_MATCH))
        .select_related("party__country")
        .prefetch_related("topics")
    )
    topic_counts: dict[str, int] = {}
    for slug in needs_qs.values_list("topics__slug", flat=True):
        if slug:
            topic_counts[slug] = topic_counts.get(slug, 0) + 1
    out = []
    for n in qs[:2000]:
        country = n.party.country
        vulnerable = bool(country and (country.ldc or country.sids))
        topics = [t.slug for t in n.topics.all()]
        shared = max((topic_counts.get(t, 0) for t in topics), default=0)
        score = PRIORITY_WEIGHT.get(n.priority, 2.0) + (1.0 if vulnerable else 0.0)
        score += math.log1p(shared)
        out.append(
            {
                "need": n,
                "score": round(score, 3),
                "best": n.best,
                "vulnerable": vulnerable,
                "topics": topics,
            }
        )
    out.sort(key=lambda r: (-r["score"], r["need"].pk))
    return out[:limit]


def not_matched(needs_qs: Any) -> int:
    """Open needs the matcher has not looked at yet: left out of ``unmet_needs``."""
    return int(needs_qs.not_matched_yet().count())


def demand_signals(limit: int = 20) -> list[dict[str, Any]]:
    """Search queries that found nothing: what people look for and the library lacks."""
    try:
        from minamata_kb.search.querylog import demand_signals as signals
    except ImportError:
        return []
    try:
        return list(signals(limit)["zero_results"])
    except DatabaseError:  # the search tables may not be migrated yet
        log.warning("no demand signals: the search tables cannot be read", exc_info=True)
        return []


def published_needs() -> Any:
    """What the public reads: published needs whose source is public too (selectors)."""
    return visible_needs(None)


CSV_HEADER = [
    "key",
    "label",
    "needs",
    "resources",
    "activities",
    "gap",
    *[f"resources_{lang}" for lang in CONTENT_LANGUAGES],
    *[f"needs_{g}" for g in (*REGIONS, *GROUPS)],
    *[f"supply_{g}" for g in (*REGIONS, *GROUPS)],
]


def coverage_csv(rows: list[Row]) -> str:
    """The coverage matrix as CSV (one row per topic or article, stable order)."""
    buf = io.StringIO()
    w = tabular.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for r in rows:
        w.writerow(
            [
                r.key,
                r.label,
                r.needs,
                r.resources,
                r.activities,
                r.gap,
                *[r.languages.get(lang, 0) for lang in CONTENT_LANGUAGES],
                *[r.groups[g].needs for g in (*REGIONS, *GROUPS)],
                *[r.groups[g].supply for g in (*REGIONS, *GROUPS)],
            ]
        )
    return buf.getvalue()
