"""Writes of the matching app: needs, their matches and decisions. One transaction each, audited."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import can_act_for_party, is_secretariat, user_party
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change, snapshot
from minamata_kb.core.actors import Actor, signed_in
from minamata_kb.core.languages import detect_language
from minamata_kb.matching import sources
from minamata_kb.matching.decisions import record_decision
from minamata_kb.matching.engine import match
from minamata_kb.matching.models import Match, Need
from minamata_kb.matching.query import NeedQuery
from minamata_kb.registry.iso import is_language
from minamata_kb.taxonomy.models import Article, Topic
from minamata_kb.textanalysis.service import text_classifier

log = logging.getLogger(__name__)

MAX_NEED_CHARS = 20_000


def _need_state(need: Need) -> dict[str, Any]:
    data = snapshot(need)
    data["topics"] = sorted(need.topics.values_list("slug", flat=True))
    data["articles"] = sorted(need.articles.values_list("number", flat=True))
    return data


def _suggest_labels(text: str) -> tuple[list[str], list[int]]:
    """Topics and articles the classifier asserts for a need without confirmed labels."""
    c = text_classifier().classify_text(text)
    return [str(t) for t, _ in c.topics], [int(a) for a, _ in c.articles]


def save_need(
    actor: Actor,
    *,
    party: Any,
    text: str,
    language: str | None = None,
    topics: Iterable[str] | None = None,
    articles: Iterable[int] | None = None,
    priority: str = Need.Priority.MEDIUM,
    source_kind: str = Need.Source.MANUAL,
    source_id: int | None = None,
    source_ref: str = "",
    published: bool = False,
    need: Need | None = None,
    classify: bool = True,
) -> tuple[Need, str]:
    """Create or update a need; ('created'|'updated'|'unchanged'). A focal point only for their
    own party; topics and articles default to the classifier's suggestion."""
    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if party is None:
        errors["party"] = [_("Choose the party whose need this is.")]
    if not text:
        errors["text"] = [_("Describe the need.")]
    elif len(text) > MAX_NEED_CHARS:
        errors["text"] = [_("The need is too long (at most 20,000 characters).")]
    if priority not in Need.Priority.values:
        errors["priority"] = [_("Unknown priority.")]
    if source_kind not in Need.Source.values:
        errors["source_kind"] = [_("Unknown source.")]
    if language:
        if not is_language(language):
            errors["language"] = [_("Give the language as an ISO 639-1 code (e.g. en).")]
    topic_objs = list(Topic.objects.filter(slug__in=list(topics))) if topics else []
    if topics and len(topic_objs) != len(set(topics)):
        errors["topics"] = [_("Unknown topic.")]
    article_objs = list(Article.objects.filter(number__in=list(articles))) if articles else []
    if articles and len(article_objs) != len({int(a) for a in articles}):
        errors["articles"] = [_("Unknown article.")]
    if errors:
        raise ValidationError(errors)
    if actor is not None and not can_act_for_party(actor, party):
        raise PermissionDenied(_("You may record needs only for your own party."))
    if need is not None and actor is not None and not can_act_for_party(actor, need.party):
        raise PermissionDenied(_("You may record needs only for your own party."))
    if actor is not None and not is_secretariat(actor):
        # A need drawn from a statement, answer or request names that record (and shows it):
        # only the secretariat (or the system) draws needs from other records.
        same = need is not None and (need.source_kind, need.source_id) == (source_kind, source_id)
        if not same and (source_kind != Need.Source.MANUAL or source_id is not None):
            raise PermissionDenied(_("Only the secretariat draws needs from other records."))
    if classify and not topic_objs and not article_objs:
        try:
            t_slugs, a_nums = _suggest_labels(text)
        except Exception:  # noqa: BLE001 - no classifier (models missing): keep it unlabelled
            log.warning("need left unlabelled: the classifier is not available", exc_info=True)
            t_slugs, a_nums = [], []
        topic_objs = list(Topic.objects.filter(slug__in=t_slugs))
        article_objs = list(Article.objects.filter(number__in=a_nums))
    lang = language or detect_language(text, default="en")
    with transaction.atomic():
        if need is None and source_id is not None:
            need = Need.objects.filter(
                source_kind=source_kind, source_id=source_id, source_ref=source_ref[:120]
            ).first()
        before = _need_state(need) if need is not None else None
        obj = need or Need(created_by=signed_in(actor))
        obj.party = party
        obj.text = text
        obj.language = lang
        obj.priority = priority
        obj.source_kind = source_kind
        obj.source_id = source_id
        obj.source_ref = source_ref[:120]
        obj.published = published
        obj.save()
        obj.topics.set(topic_objs)
        obj.articles.set(article_objs)
        after = _need_state(obj)
        if before is None:
            record_change(actor, ChangeRecord.Action.CREATE, obj, None, after)
            return obj, "created"
        strip = {"updated_at"}
        if {k: v for k, v in before.items() if k not in strip} == {
            k: v for k, v in after.items() if k not in strip
        }:
            return obj, "unchanged"
        record_change(actor, ChangeRecord.Action.UPDATE, obj, before, after)
        return obj, "updated"


def refresh_matches(need: Need, *, actor: Actor = None, limit: int = 10) -> list[Match]:
    """Run the matcher for a need and store its proposals; decided matches keep their decision
    and are never removed, undecided ones that no longer rank are replaced."""
    if actor is not None and not can_act_for_party(actor, need.party):
        raise PermissionDenied(_("You may not change this need."))
    result = match(NeedQuery.from_need(need), limit=limit)
    rows = []
    for kind, hits in (
        (Match.Kind.RESOURCE, result.resources),
        (Match.Kind.PROVIDER, result.providers),
        (Match.Kind.ACTIVITY, result.activities),
        (Match.Kind.TECHNOLOGY, result.technologies),
    ):
        for rank, h in enumerate(hits, 1):
            rows.append((kind, rank, h))
    with transaction.atomic():
        keep = {(m.kind, m.target_ref): m for m in need.matches.select_for_update()}
        fresh = {(k, h.ref) for k, _, h in rows}
        Match.objects.filter(
            pk__in=[
                m.pk
                for key, m in keep.items()
                if key not in fresh
                and m.decision == Match.Decision.PROPOSED
                and m.offered_by_id is None  # an organisation's offer stays until decided
                and not m.party_decision  # so does what the party decided
            ]
        ).delete()
        for kind, rank, h in rows:
            m = keep.get((kind, h.ref))
            if m is None:
                m = Match(need=need, kind=kind, target_ref=h.ref)
            m.target_label = (h.label or h.ref)[:500]
            m.score = h.score
            m.rank = rank
            m.reasons = h.reasons
            m.save()
        need.matched_at = timezone.now()
        need.save(update_fields=["matched_at"])
        record_change(actor, ChangeRecord.Action.MATCH, need, None, {"matches": len(rows)})
    return list(need.matches.all())


def needs_to_match(actor: Actor, *, party: Any = None) -> QuerySet[Need]:
    """The open needs not matched yet that ``actor`` may match (the secretariat: every party's,
    or ``party``'s; a focal point: its own party's), oldest first."""
    qs = Need.objects.not_matched_yet()
    if party is not None:
        qs = qs.filter(party=party)
    if actor is not None and not is_secretariat(actor):
        own = user_party(actor)
        if own is None:
            raise PermissionDenied(_("Only focal points and the secretariat match needs."))
        qs = qs.filter(party=own)
    return qs.order_by("pk")


def decide_match(actor: Actor, match: Match, decision: str, note: str = "") -> Match:
    """An officer accepts or rejects a proposed match (or sets it back to proposed)."""
    record_decision(actor, match, decision, note, Match.Decision.PROPOSED)
    return match


def needs_from_sources(actor: Actor = None) -> dict[str, int]:
    """Create needs from what the other apps hold (confirmed need/challenge statements, national
    report comments flagged as needs, assistance requests); idempotent. Counts by source."""
    counts: dict[str, int] = {}
    for cand in sources.candidates():
        if Need.objects.filter(
            source_kind=cand.kind, source_id=cand.source_id, source_ref=cand.ref[:120]
        ).exists():
            continue
        save_need(
            actor,
            party=cand.party,
            text=cand.text,
            language=cand.language or None,
            topics=cand.topics or None,
            articles=cand.articles or None,
            source_kind=cand.kind,
            source_id=cand.source_id,
            source_ref=cand.ref,
            published=cand.published,
            classify=not (cand.topics or cand.articles),
        )
        counts[cand.kind] = counts.get(cand.kind, 0) + 1
    return counts
