"""Possible duplicated efforts (seed ¶20): two activities for the same beneficiary country, in
overlapping periods, on similar topics or with similar text in any language, by different
providers. Checked when an activity is saved or imported (signal receivers in ``apps.py``);
an officer marks each flagged pair duplicate or not.

``compare`` works on plain facts, so ``benchmarks/duplicates_quality.py`` measures the very
rule the application applies.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Q

from minamata_kb.activities.models import Activity
from minamata_kb.core.actors import Actor
from minamata_kb.matching.decisions import record_decision
from minamata_kb.matching.evidence import embed_cached
from minamata_kb.matching.models import DuplicatePair

log = logging.getLogger(__name__)

# Measured on the labelled pairs (benchmarks/duplicates_quality.py).
THRESHOLD = 0.55
W_TEXT, W_TOPIC, W_PERIOD, W_COUNTRY = 0.6, 0.2, 0.1, 0.1


@dataclass
class Facts:
    """What the rule looks at in one activity."""

    key: str
    provider: str
    countries: set[str]
    topics: set[str] = field(default_factory=set)
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""
    language: str = "en"
    provider_name: str = ""


def facts_of(activity: Any) -> Facts:
    provider = ""
    name = ""
    if activity.provider_organisation_id:
        provider = f"org:{activity.provider_organisation.slug}"
        name = activity.provider_organisation.name
    elif activity.provider_party_id:
        provider = f"party:{activity.provider_party.code}"
        name = activity.provider_party.name
    return Facts(
        key=activity.code,
        provider=provider,
        provider_name=name,
        countries={c.iso3 for c in activity.beneficiary_countries.all()},
        topics={t.slug for t in activity.topics.all()},
        start=activity.start_date,
        end=activity.end_date,
        text=f"{activity.title}\n{activity.description or ''}".strip(),
        language=activity.language,
    )


def overlap(a: Facts, b: Facts) -> tuple[bool, float, dt.date | None, dt.date | None]:
    """Whether the periods overlap, the overlap's share of the shorter period, and its bounds.
    An open end counts as ongoing; a missing start as unknown (overlapping, share 0.5)."""
    if a.start is None or b.start is None:
        return True, 0.5, None, None
    far = dt.date(9999, 12, 31)
    a_end, b_end = a.end or far, b.end or far
    start, end = max(a.start, b.start), min(a_end, b_end)
    if end < start:
        return False, 0.0, None, None
    shorter = min((a_end - a.start).days, (b_end - b.start).days) + 1
    share = min(1.0, ((end - start).days + 1) / max(shorter, 1))
    return True, share, start, None if end == far else end


def compare(a: Facts, b: Facts, text_similarity: float) -> tuple[float, list[dict[str, Any]], bool]:
    """(similarity in [0, 1], reasons, flagged?) for two activities."""
    reasons: list[dict[str, Any]] = []
    same = sorted(a.countries & b.countries)
    if not same or not a.provider or not b.provider or a.provider == b.provider:
        return 0.0, reasons, False
    ok, share, start, end = overlap(a, b)
    if not ok:
        return 0.0, reasons, False
    topic_j = len(a.topics & b.topics) / len(a.topics | b.topics) if (a.topics | b.topics) else 0.0
    country_j = len(same) / len(a.countries | b.countries)
    text = max(0.0, min(1.0, (text_similarity - 0.2) / 0.6))  # cosine 0.2..0.8 -> 0..1
    sim = W_TEXT * text + W_TOPIC * topic_j + W_PERIOD * share + W_COUNTRY * country_j
    reasons.append({"code": "same_country", "countries": same})
    reasons.append(
        {
            "code": "overlapping_period",
            "start": start.isoformat() if start else "?",
            "end": end.isoformat() if end else "?",
        }
    )
    if a.topics & b.topics:
        reasons.append({"code": "shared_topic", "topics": sorted(a.topics & b.topics)[:3]})
    if text_similarity >= 0.4:
        reasons.append({"code": "similar_description", "similarity": round(text, 3)})
    reasons.append(
        {
            "code": "different_provider",
            "a": a.provider_name or a.provider,
            "b": b.provider_name or b.provider,
        }
    )
    flagged = sim >= THRESHOLD and (text_similarity >= 0.4 or topic_j > 0)
    return round(sim, 4), reasons, flagged


def text_similarities(a: Facts, others: list[Facts]) -> list[float]:
    """Cross-lingual cosine between activity texts (the search app's multilingual embedder)."""
    if not others:
        return []

    m = embed_cached([a.text, *[o.text for o in others]])
    sims = m[1:] @ m[0]
    return [float(x) for x in np.asarray(sims).tolist()]


def _candidates(activity: Any) -> list[Any]:
    countries = list(activity.beneficiary_countries.values_list("pk", flat=True))
    if not countries:
        return []
    qs = (
        Activity.objects.filter(beneficiary_countries__in=countries)
        .exclude(pk=activity.pk)
        .exclude(status="cancelled")
        .distinct()
    )
    if activity.start_date:
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=activity.start_date))
    if activity.end_date:
        qs = qs.filter(Q(start_date__isnull=True) | Q(start_date__lte=activity.end_date))
    if activity.provider_organisation_id:
        qs = qs.exclude(provider_organisation_id=activity.provider_organisation_id)
    if activity.provider_party_id:
        qs = qs.exclude(provider_party_id=activity.provider_party_id)
    return list(
        qs.select_related("provider_organisation", "provider_party").prefetch_related(
            "beneficiary_countries", "topics"
        )[:500]
    )


def activity_imported(sender: Any, activity_id: int, **kwargs: Any) -> list[tuple[str, float]]:
    """Receiver of activities' `activity_imported`: check the activity, answer the flagged pairs
    as (the other activity's code, similarity) for the import report."""
    found = []
    for pair in check_activity(activity_id):
        other = pair.second if pair.first_id == activity_id else pair.first
        found.append((other.code, float(pair.similarity)))
    return found


def check_activity(activity_id: int) -> list[Any]:
    """Compare one activity with the others; store flagged pairs (decided pairs keep their
    decision, open pairs no longer flagged are removed). Returns the flagged pairs."""
    activity = (
        Activity.objects.filter(pk=activity_id)
        .select_related("provider_organisation", "provider_party")
        .prefetch_related("beneficiary_countries", "topics")
        .first()
    )
    if activity is None:
        return []
    others = [] if activity.status == "cancelled" else _candidates(activity)
    me = facts_of(activity)
    facts = [facts_of(o) for o in others]
    sims = text_similarities(me, facts)
    flagged: dict[int, tuple[float, list[dict[str, Any]]]] = {}
    for other, f, ts in zip(others, facts, sims, strict=True):
        sim, reasons, hit = compare(me, f, ts)
        if hit:
            flagged[other.pk] = (sim, reasons)
    out = []
    with transaction.atomic():
        existing = {
            (p.first_id, p.second_id): p
            for p in DuplicatePair.objects.filter(Q(first=activity) | Q(second=activity))
        }
        for other_pk, (sim, reasons) in flagged.items():
            key = (min(activity.pk, other_pk), max(activity.pk, other_pk))
            pair = existing.pop(key, None) or DuplicatePair(first_id=key[0], second_id=key[1])
            pair.similarity = sim
            pair.reasons = reasons
            pair.save()
            out.append(pair)
        stale = [p.pk for p in existing.values() if p.decision == DuplicatePair.Decision.OPEN]
        DuplicatePair.objects.filter(pk__in=stale).delete()
    return out


def check_all(ids: Iterable[int] | None = None) -> int:
    """Check many activities (after an import); returns the number of flagged pairs."""
    for pk in ids if ids is not None else Activity.objects.values_list("pk", flat=True):
        check_activity(pk)
    return DuplicatePair.objects.count()


def decide(actor: Actor, pair: Any, decision: str, note: str = "") -> Any:
    """An officer marks a pair duplicate or not (or back to open)."""
    record_decision(actor, pair, decision, note, DuplicatePair.Decision.OPEN)
    return pair


# ----------------------------------------------------------------------------- save hooks


def schedule_check(activity_id: int) -> None:
    """Check after the saving transaction commits (countries and topics are set by then); a
    failure is logged, never raised into the caller's save. Repeated checks are idempotent."""

    def run() -> None:
        try:
            check_activity(activity_id)
        except Exception:  # noqa: BLE001 - a duplicate check must never break a save
            log.exception("duplicate check failed for activity %s", activity_id)

    transaction.on_commit(run)


def enabled() -> bool:
    """The save-time check runs unless the ``MATCHING_DUPLICATE_CHECK`` Django setting is
    False (set by bulk loaders that call ``check_all`` once at the end)."""
    from django.conf import settings

    return bool(getattr(settings, "MATCHING_DUPLICATE_CHECK", True))
