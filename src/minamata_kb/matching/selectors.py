"""Reads of the matching app, with the visibility rules.

Who sees which need: the secretariat sees every need; a focal point sees the needs of their
own party (draft or not) and published needs; a partner editor sees published needs and the
needs of the parties whose country their organisation serves, except needs drawn from a
record it may not read (an unpublished request, statement or report answer, whose text the need
repeats); the public sees published needs. Matches follow their need. Only the secretariat sees
possible duplicates.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from minamata_kb.accounts.permissions import (
    is_secretariat,
    published_or_own,
    user_organisation,
    user_party,
)
from minamata_kb.activities.selectors import activities
from minamata_kb.assistance.models import Request
from minamata_kb.core.filtering import narrowed
from minamata_kb.matching.models import DuplicatePair, Match, Need, NeedQuerySet, Technology
from minamata_kb.national_reports.models import Answer, NationalReport
from minamata_kb.search.services import visible_resources
from minamata_kb.submissions.selectors import statements


def visible_needs(user: Any) -> NeedQuerySet:
    """Needs this user may read."""
    qs = Need.objects.select_related("party", "party__country")
    if is_secretariat(user):
        return qs
    source_public = _source_public()
    # A published need drawn from a record withdrawn since is not public any more either.
    cond = Q(published=True) & source_public
    party = user_party(user)
    if party is not None:
        cond |= Q(party=party)
    org = user_organisation(user)
    if org is not None:
        cond |= Q(party__country__in=org.countries_served.all()) & source_public
    return qs.filter(cond)


def _source_public() -> Q:
    """Needs whose source anyone may read: typed-in needs, and needs drawn from a published
    request, a public statement or an answer of a published report. A derived need carries its
    source's text, so it is no more visible than that source (to those outside its party)."""
    from django.apps import apps

    cond = Q(source_kind=Need.Source.MANUAL)
    if apps.is_installed("minamata_kb.assistance"):
        cond |= Q(
            source_kind=Need.Source.REQUEST,
            source_id__in=Request.objects.filter(published=True).values("pk"),
        )
    if apps.is_installed("minamata_kb.submissions"):
        cond |= Q(
            source_kind=Need.Source.STATEMENT,
            source_id__in=statements(None).values("pk"),
        )
    if apps.is_installed("minamata_kb.national_reports"):
        cond |= Q(
            source_kind=Need.Source.ANSWER,
            source_id__in=Answer.objects.filter(
                report__status=NationalReport.Status.SUBMITTED, report__published=True
            ).values("pk"),
        )
    return cond


def can_view_need(user: Any, need: Need) -> bool:
    return visible_needs(user).filter(pk=need.pk).exists()


def needs_list(
    user: Any,
    *,
    party: str | None = None,
    topic: str | None = None,
    status: str | None = None,
    source: str | None = None,
    queue: str | None = None,
) -> QuerySet[Need]:
    """Visible needs with the list filters; `queue` narrows to a work queue: `unmatched`
    (open, never matched) or `to_review` (open, with at least one proposed match)."""
    visible = visible_needs(user).prefetch_related("topics", "articles")
    qs: QuerySet[Need] = visible.not_matched_yet() if queue == "unmatched" else visible
    if queue == "to_review":
        qs = qs.filter(
            status="open", pk__in=Match.objects.filter(decision="proposed").values("need_id")
        )
    qs = narrowed(
        qs,
        party__code=(party or "").upper(),
        topics__slug=topic,
        status=status,
        source_kind=source,
    )
    return (
        qs.annotate(
            n_matches=Count("matches", distinct=True),
            n_accepted=Count("matches", filter=Q(matches__decision="accepted"), distinct=True),
        )
        .distinct()
        .order_by("-created_at", "-id")
    )


def matches_of(need: Need, user: Any = None) -> dict[str, list[Match]]:
    """A need's matches grouped by kind, best first: those whose target `user` may see (the
    public: published ones). A match stores its target's title, so a resource, activity or
    technology withdrawn since the match was made must drop out of what others read."""
    out: dict[str, list[Match]] = {k: [] for k in Match.Kind.values}
    matches = list(need.matches.order_by("kind", "rank", "id"))
    hidden = _hidden_targets(user, matches)
    for m in matches:
        if (m.kind, m.target_ref) not in hidden:
            out[m.kind].append(m)
    return out


def _hidden_targets(user: Any, matches: list[Match]) -> set[tuple[str, str]]:
    """(kind, ref) of match targets the user may not see (providers are public records)."""
    if is_secretariat(user):
        return set()
    from django.apps import apps

    refs: dict[str, set[str]] = {}
    for m in matches:
        refs.setdefault(m.kind, set()).add(m.target_ref)
    hidden: set[tuple[str, str]] = set()
    if refs.get("resource") and apps.is_installed("minamata_kb.search"):
        seen = set(
            visible_resources(user)
            .filter(external_id__in=refs["resource"])
            .values_list("external_id", flat=True)
        )
        hidden |= {("resource", r) for r in refs["resource"] - seen}
    if refs.get("activity") and apps.is_installed("minamata_kb.activities"):
        seen = set(
            activities(user).filter(code__in=refs["activity"]).values_list("code", flat=True)
        )
        hidden |= {("activity", r) for r in refs["activity"] - seen}
    if refs.get("technology"):
        seen = set(
            visible_technologies(user)
            .filter(slug__in=refs["technology"])
            .values_list("slug", flat=True)
        )
        hidden |= {("technology", r) for r in refs["technology"] - seen}
    return hidden


def visible_matches(
    user: Any,
    *,
    party: str = "",
    organisation: str = "",
    offered: bool | None = None,
    party_decision: str = "",
) -> QuerySet[Match]:
    """Matches the user may read (those of the needs it may see, whose target it may see), with
    the two-sided filters: the need's party (ISO3), the offering organisation (slug), offers
    only (`offered`), and the party's answer (`accepted`, `declined` or `pending`)."""
    qs = Match.objects.filter(need__in=visible_needs(user)).select_related(
        "need__party__country", "offered_by"
    )
    if party:
        qs = qs.filter(need__party__code=party.upper())
    if organisation:
        qs = qs.filter(offered_by__slug=organisation)
    if offered is not None:
        qs = qs.filter(offered_by__isnull=not offered)
    if party_decision == "pending":
        qs = qs.filter(party_decision="")
    elif party_decision:
        qs = qs.filter(party_decision=party_decision)
    if not is_secretariat(user):
        pairs = qs.values_list("kind", "target_ref").distinct()
        hidden = _hidden_targets(user, [Match(kind=k, target_ref=r) for k, r in pairs])
        by_kind: dict[str, set[str]] = {}
        for kind, ref in hidden:
            by_kind.setdefault(kind, set()).add(ref)
        for kind, refs in by_kind.items():
            qs = qs.exclude(kind=kind, target_ref__in=refs)
    return qs.order_by("-created_at", "-id")


def match_rate(user: Any = None, *, party: Any = None) -> dict[str, Any]:
    """How many decided matches were accepted (overall and by kind): the matcher's hit rate."""
    qs = Match.objects.filter(need__in=visible_needs(user))
    if party is not None:
        qs = qs.filter(need__party=party)
    rows = qs.values("kind", "decision").annotate(n=Count("id"))
    by_kind: dict[str, dict[str, int]] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], {}).setdefault(r["decision"], 0)
        by_kind[r["kind"]][r["decision"]] += r["n"]

    def rate(d: dict[str, int]) -> float | None:
        decided = d.get("accepted", 0) + d.get("rejected", 0)
        return round(d.get("accepted", 0) / decided, 3) if decided else None

    total: dict[str, int] = {}
    for d in by_kind.values():
        for k, v in d.items():
            total[k] = total.get(k, 0) + v
    return {
        "accepted": total.get("accepted", 0),
        "rejected": total.get("rejected", 0),
        "proposed": total.get("proposed", 0),
        "rate": rate(total),
        "by_kind": {k: {**d, "rate": rate(d)} for k, d in sorted(by_kind.items())},
    }


# Where each kind of target lives, by (app label, model, key field), in order of precedence:
# a provider is an organisation by slug, else a party by code. An app not installed is skipped.
TARGET_MODELS: dict[str, list[tuple[str, str, str]]] = {
    "resource": [("library", "Resource", "external_id")],
    "provider": [("registry", "Organisation", "slug"), ("registry", "Party", "code")],
    "activity": [("activities", "Activity", "code")],
    "technology": [("matching", "Technology", "slug")],
}


def resolve_targets(matches: list[Match]) -> dict[tuple[str, str], Any]:
    """The objects behind matches (resource, organisation/party, activity, technology)."""
    from django.apps import apps

    refs: dict[str, set[str]] = {}
    for m in matches:
        refs.setdefault(m.kind, set()).add(m.target_ref)
    out: dict[tuple[str, str], Any] = {}
    for kind, places in TARGET_MODELS.items():
        if not refs.get(kind):
            continue
        for app_label, model_name, key in places:
            try:
                model = apps.get_model(app_label, model_name)
            except LookupError:
                continue
            for obj in model._default_manager.filter(**{f"{key}__in": refs[kind]}):
                out.setdefault((kind, getattr(obj, key)), obj)
    return out


def visible_duplicates(user: Any) -> QuerySet[DuplicatePair]:
    qs = DuplicatePair.objects.select_related(
        "first__provider_organisation",
        "first__provider_party",
        "second__provider_organisation",
        "second__provider_party",
    )
    return qs if is_secretariat(user) else qs.none()


def visible_technologies(user: Any) -> QuerySet[Technology]:
    """The catalogue a user reads: the secretariat all of it, an organisation's editor the
    published entries and its own drafts, everyone else the published entries."""
    qs = Technology.objects.prefetch_related("topics", "providers")
    return qs.filter(published_or_own(user, organisation="organisation"))
