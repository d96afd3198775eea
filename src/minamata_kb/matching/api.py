"""HTTP API of the matching app (mounted under /api/v1/): needs, matches, gaps, duplicates and
technologies, and the two-sided offers (an editor offers help, the party accepts or declines).
Visibility rules are in ``selectors``; writes go through ``services``."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router
from ninja.errors import HttpError
from ninja.security import django_auth

from minamata_kb.accounts.permissions import (
    can_act_for_party,
    is_secretariat,
    user_organisation,
    user_party,
)
from minamata_kb.core.apiauth import SignedInAs
from minamata_kb.core.envelope import found
from minamata_kb.core.listing import Listing, listing, paged
from minamata_kb.matching import duplication, gaps, offers, selectors, services
from minamata_kb.matching.catalogue import raw_technology, save_technology
from minamata_kb.matching.models import DuplicatePair, Match, Need
from minamata_kb.matching.schemas import (
    DecisionIn,
    DuplicateOut,
    GapsOut,
    MatchOut,
    NeedIn,
    NeedList,
    NeedMatches,
    NeedOut,
    OfferIn,
    OfferOut,
    PartyDecisionIn,
    TechnologyIn,
    TechnologyOut,
)
from minamata_kb.registry.models import Organisation, Party
from minamata_kb.taxonomy.selectors import profile_codes

router = Router(tags=["matching"])
# Role checks run before the body is read (core/apiauth.py).
SECRETARIAT = SignedInAs(is_secretariat, gettext_lazy("Only the secretariat decides this."))
NEED_RECORDERS = SignedInAs(
    lambda u: is_secretariat(u) or user_party(u) is not None,
    gettext_lazy("Only a party's focal point (or the secretariat) records needs."),
)
MAX_LIMIT = 500


def need_out(n: Need) -> dict[str, Any]:
    return {
        "id": n.pk,
        "reference": n.reference,
        "party": n.party.code,
        "party_name": n.party.name,
        "text": n.text,
        "language": n.language,
        **profile_codes(n, topics_first=True),
        "priority": n.priority,
        "status": n.status,
        "source": n.source_kind,
        "source_ref": n.source_ref,
        "published": n.published,
        "created_at": n.created_at,
        "matched_at": n.matched_at,
        "url": n.get_absolute_url(),
    }


def match_out(m: Match, targets: dict[tuple[str, str], Any]) -> dict[str, Any]:
    obj = targets.get((m.kind, m.target_ref))
    url = obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else None
    return {
        "id": m.pk,
        "kind": m.kind,
        "target": m.target_ref,
        "title": m.target_label,
        "score": m.score,
        "rank": m.rank,
        "why": m.why,
        "reasons": m.reasons,
        "decision": m.decision,
        "decided_at": m.decided_at,
        "url": url,
    }


def _need(request: HttpRequest, need_id: int) -> Need:
    need = found(
        selectors.visible_needs(request.user).filter(pk=need_id).first(), f"No need {need_id}"
    )
    return need


@router.get("/needs", response=NeedList, summary="Needs of parties")
def list_needs(
    request: HttpRequest,
    party: str = "",
    topic: str = "",
    status: str = "",
    source: str = "",
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    qs = selectors.needs_list(request.user, party=party, topic=topic, status=status, source=source)
    return paged(qs, limit=limit, offset=offset, most=MAX_LIMIT, out=need_out, clamp=True)


@router.post("/needs", response={201: NeedOut}, auth=NEED_RECORDERS)
def create_need(request: HttpRequest, payload: NeedIn) -> tuple[int, dict[str, Any]]:
    """Record a need typed in (a focal point for their own party; the secretariat for any)."""
    party = Party.objects.filter(code=payload.party.upper()).first()
    if party is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"party": ["Unknown party."]})
    need, _ = services.save_need(
        request.user,
        party=party,
        text=payload.text,
        language=payload.language,
        topics=payload.topics,
        articles=payload.articles,
        priority=payload.priority,
        published=payload.published,
    )
    return 201, need_out(need)


@router.get("/needs/{need_id}", response=NeedOut)
def get_need(request: HttpRequest, need_id: int) -> dict[str, Any]:
    return need_out(_need(request, need_id))


def _matches_payload(need: Need, user: Any = None) -> dict[str, Any]:
    groups = selectors.matches_of(need, user)
    targets = selectors.resolve_targets([m for ms in groups.values() for m in ms])
    return {
        "need": need_out(need),
        "resources": [match_out(m, targets) for m in groups["resource"]],
        "providers": [match_out(m, targets) for m in groups["provider"]],
        "activities": [match_out(m, targets) for m in groups["activity"]],
        "technologies": [match_out(m, targets) for m in groups["technology"]],
    }


@router.get("/needs/{need_id}/matches", response=NeedMatches)
def need_matches(request: HttpRequest, need_id: int) -> dict[str, Any]:
    """The stored matches of a need (run the matcher with POST)."""
    return _matches_payload(_need(request, need_id), request.user)


@router.post("/needs/{need_id}/matches", response=NeedMatches, auth=django_auth)
def refresh_need_matches(request: HttpRequest, need_id: int) -> dict[str, Any]:
    """Run the matcher again; decided matches keep their decision."""
    need = _need(request, need_id)
    services.refresh_matches(need, actor=request.user)
    return _matches_payload(need, request.user)


@router.post("/matches/{match_id}/decision", response=MatchOut, auth=SECRETARIAT)
def decide_match(request: HttpRequest, match_id: int, payload: DecisionIn) -> dict[str, Any]:
    """An officer accepts or rejects a match."""
    m = found(
        Match.objects.filter(pk=match_id, need__in=selectors.visible_needs(request.user)).first(),
        f"No match {match_id}",
    )
    services.decide_match(request.user, m, payload.decision, payload.note)
    return match_out(m, selectors.resolve_targets([m]))


@router.get("/gaps", response=GapsOut, summary="Needs against resources, activities, languages")
def get_gaps(request: HttpRequest, by: str = "topic") -> dict[str, Any]:
    """Coverage by topic (or ``by=article``) and region/LDC/SIDS; unmet needs; demand signals.
    The public gets figures over published needs only."""
    if by not in {"topic", "article"}:
        raise HttpError(400, "by must be topic or article")
    signed_in = request.user.is_authenticated
    needs = selectors.visible_needs(request.user) if signed_in else gaps.published_needs()
    rows = gaps.coverage(needs, by=by)
    unmet = gaps.unmet_needs(needs)
    return {
        "scope": "all"
        if is_secretariat(request.user)
        else ("visible" if signed_in else "published"),
        "by": by,
        "rows": [
            {
                "key": r.key,
                "label": r.label,
                "needs": r.needs,
                "resources": r.resources,
                "activities": r.activities,
                "gap": r.gap,
                "languages": r.languages,
                "groups": {
                    g: {"needs": c.needs, "supply": c.supply, "gap": c.gap}
                    for g, c in r.groups.items()
                },
            }
            for r in rows
        ],
        "unmet": [
            {
                "id": u["need"].pk,
                "party": u["need"].party.code,
                "text": u["need"].text,
                "priority": u["need"].priority,
                "topics": u["topics"],
                "score": u["score"],
                "best_match": u["best"],
            }
            for u in unmet
        ],
        "not_matched": gaps.not_matched(needs),
        # What other people searched for: the secretariat's to read, nobody else's.
        "zero_result_queries": [{"query": s["q"], "count": s["n"]} for s in gaps.demand_signals()]
        if is_secretariat(request.user)
        else [],
        "match_rate": selectors.match_rate(request.user),
    }


def duplicate_out(p: DuplicatePair) -> dict[str, Any]:
    return {
        "id": p.pk,
        "first": p.first.code,
        "second": p.second.code,
        "similarity": p.similarity,
        "why": p.why,
        "reasons": p.reasons,
        "decision": p.decision,
    }


@router.get("/duplicates", response=Listing[DuplicateOut], auth=django_auth)
def list_duplicates(request: HttpRequest, decision: str = "") -> dict[str, Any]:
    """Possible duplicated activities (secretariat only)."""
    if not is_secretariat(request.user):
        raise HttpError(403, "Only the secretariat reviews possible duplicates.")
    qs = selectors.visible_duplicates(request.user)
    if decision:
        qs = qs.filter(decision=decision)
    return listing((duplicate_out(p) for p in qs[:MAX_LIMIT]), count=qs.count())


@router.post("/duplicates/{pair_id}/decision", response=DuplicateOut, auth=SECRETARIAT)
def decide_duplicate(request: HttpRequest, pair_id: int, payload: DecisionIn) -> dict[str, Any]:
    pair = selectors.visible_duplicates(request.user).filter(pk=pair_id).first()
    if pair is None:
        if not is_secretariat(request.user):
            raise HttpError(403, "Only the secretariat reviews possible duplicates.")
        raise Http404(f"No pair {pair_id}")
    duplication.decide(request.user, pair, payload.decision, payload.note)
    return duplicate_out(pair)


def technology_out(t: Any) -> dict[str, Any]:
    return {
        "id": t.slug,
        "name": t.name,
        "description": t.description,
        "language": t.language,
        "replaces": t.replaces,
        "sector": t.sector,
        "maturity": t.maturity,
        **profile_codes(t, topics_first=True),
        "providers": sorted(o.slug for o in t.providers.all()),
        "case_studies": list(t.case_studies),
        "url": t.get_absolute_url(),
        "catalogue": raw_technology(t),
    }


@router.get("/technologies", response=Listing[TechnologyOut], summary="Alternative technologies")
def list_technologies(request: HttpRequest, sector: str = "", topic: str = "") -> dict[str, Any]:
    qs = selectors.visible_technologies(request.user).prefetch_related("articles")
    if sector:
        qs = qs.filter(sector=sector)
    if topic:
        qs = qs.filter(topics__slug=topic).distinct()
    return listing(technology_out(t) for t in qs)


@router.get("/technologies/{slug}", response=TechnologyOut)
def get_technology(request: HttpRequest, slug: str) -> dict[str, Any]:
    t = found(
        selectors.visible_technologies(request.user).filter(slug=slug).first(),
        f"No technology {slug!r}",
    )
    return technology_out(t)


@router.post(
    "/technologies",
    response=TechnologyOut,
    auth=django_auth,
    summary="Create or update a catalogue entry (the secretariat; an organisation's editors their own)",
)
def save_technology_entry(request: HttpRequest, payload: TechnologyIn) -> dict[str, Any]:
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    tech, _outcome = save_technology(request.user, data)
    return technology_out(tech)


# ---- two-sided matching (issue 13 item 5): offers of help and the party's answer ----------


def offer_out(m: Match, user: Any) -> dict[str, Any]:
    """A proposed answer with where both sides stand (what either side reads)."""
    need = m.need
    return {
        "id": m.pk,
        "need": {
            "id": need.pk,
            "reference": need.reference,
            "party": need.party.code,
            "url": need.get_absolute_url(),
        },
        "kind": m.kind,
        "target": m.target_ref,
        "title": m.target_label,
        "why": m.why,
        "decision": m.decision,
        "offered_by": m.offered_by.slug if m.offered_by_id else None,  # type: ignore[union-attr]
        "offered_by_name": m.offered_by.name if m.offered_by_id else "",  # type: ignore[union-attr]
        "note": m.offer_note,
        "party_note": m.party_note,
        "party_state": offers.party_state(m),
        "party_decided_at": m.party_decided_at,
        "may_party_decide": can_act_for_party(user, need.party),
        "created_at": m.created_at,
    }


@router.post(
    "/needs/{need_id}/offers",
    response={201: OfferOut},
    auth=django_auth,
    summary="Offer help on a need (an organisation's editor for its own organisation)",
)
def offer_help(request: HttpRequest, need_id: int, payload: OfferIn) -> tuple[int, dict[str, Any]]:
    """The party's focal points are told by mail. The secretariat may name any organisation."""
    from django.core.exceptions import PermissionDenied, ValidationError

    need = _need(request, need_id)
    organisation = user_organisation(request.user)
    if payload.organisation:
        organisation = Organisation.objects.filter(slug=payload.organisation).first()
        if organisation is None:
            raise ValidationError({"organisation": [_("Unknown organisation.")]})
    elif organisation is None and not is_secretariat(request.user):
        raise PermissionDenied(_("Only an organisation's editor offers help."))
    m = offers.offer_help(request.user, need, organisation, payload.note)
    return 201, offer_out(m, request.user)


@router.post(
    "/matches/{match_id}/party-decision",
    response=OfferOut,
    auth=django_auth,
    summary="The need's party accepts or declines a proposed answer (a decline gives a reason)",
)
def decide_for_party(
    request: HttpRequest, match_id: int, payload: PartyDecisionIn
) -> dict[str, Any]:
    """The organisation that offered is told by mail."""
    m = found(
        selectors.visible_matches(request.user).filter(pk=match_id).first(), f"No match {match_id}"
    )
    offers.decide_for_party(request.user, m, payload.decision, payload.reason)
    return offer_out(m, request.user)


@router.get("/offers", response=Listing[OfferOut], summary="Offers of help and their state")
def list_offers(
    request: HttpRequest,
    party: str = "",
    organisation: str = "",
    party_decision: str = "",
    offers_only: bool = True,
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    """Offers (with `offers_only=false`, every proposed answer) on the needs the user may see,
    newest first; `party_decision` is accepted, declined or pending."""
    if party_decision not in ("", *offers.PARTY_DECISIONS, "pending"):
        raise HttpError(400, _("party_decision must be accepted, declined or pending"))
    qs = selectors.visible_matches(
        request.user,
        party=party,
        organisation=organisation,
        offered=True if offers_only else None,
        party_decision=party_decision,
    )
    return paged(
        qs, limit=limit, offset=offset, most=MAX_LIMIT, out=lambda m: offer_out(m, request.user)
    )
