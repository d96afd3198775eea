"""Pages of the matching app (thin: they call selectors and services)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from minamata_kb.accounts.permissions import (
    can_act_for_party,
    is_secretariat,
    user_organisation,
    user_party,
)
from minamata_kb.core.filtering import params
from minamata_kb.core.forms import form_page, show_errors
from minamata_kb.core.languages import CONTENT_LANGUAGES, current_content_language
from minamata_kb.matching import duplication, gaps, offers, selectors, services, sources
from minamata_kb.matching.catalogue import shown
from minamata_kb.matching.forms import NeedForm
from minamata_kb.matching.models import DuplicatePair, Match, Need, Technology
from minamata_kb.matching.technology import technology_items
from minamata_kb.search.services import visible_resources
from minamata_kb.taxonomy.models import Topic

QUEUES = [
    ("unmatched", gettext_lazy("Open, not matched yet")),
    ("to_review", gettext_lazy("Open, with proposed matches to review")),
]


def _may_record(user: Any) -> bool:
    return is_secretariat(user) or user_party(user) is not None


def need_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    qs = selectors.needs_list(
        request.user,
        party=g.get("party", "")[:3],
        **params(g, "topic", "status", "source", "queue"),
    )
    page = Paginator(qs, 50).get_page(g.get("page"))
    may_record = _may_record(request.user)
    return render(
        request,
        "matching/need_list.html",
        {
            "page": page,
            "topics": Topic.objects.order_by("position", "slug"),
            "statuses": Need.Status.choices,
            "source_choices": Need.Source.choices,
            "queues": QUEUES,
            "filters": g,
            "may_record": may_record,
            "is_officer": is_secretariat(request.user),
            "to_match": services.needs_to_match(request.user).count() if may_record else 0,
            "rate": selectors.match_rate(request.user),
        },
    )


@login_required
def need_new(request: HttpRequest) -> HttpResponse:
    if not _may_record(request.user):
        raise PermissionDenied(_("Only focal points and the secretariat record needs."))
    own = None if is_secretariat(request.user) else user_party(request.user)
    form = NeedForm(request.POST or None, party=own)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            need, _outcome = services.save_need(
                request.user,
                party=d["party"],
                text=d["text"],
                language=d["language"] or None,
                topics=[t.slug for t in d["topics"]] or None,
                priority=d["priority"],
                published=d["published"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            services.refresh_matches(need, actor=request.user)
            messages.success(request, _("Need recorded and matched."))
            return redirect(need.get_absolute_url())
    return form_page(
        request,
        form,
        _("Record a need"),
        above="matching/_subnav.html",
        submit=_("Save and match"),
    )


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.visible_needs(request.user).filter(pk=pk).first()
    if need is None:
        raise Http404(_("No such need."))
    return render(
        request,
        "matching/need_detail.html",
        {
            "need": need,
            "source": sources.source_object(need),
            "panel": panel_context(request, need),
        },
    )


def panel_context(request: HttpRequest, need: Need | None) -> dict[str, Any]:
    """What ``matching/_matches_panel.html`` needs (other apps include it through the
    ``{% matches_panel %}`` tag)."""
    if need is None:
        return {"need": None}
    groups = selectors.matches_of(need, request.user)
    targets = selectors.resolve_targets([m for ms in groups.values() for m in ms])
    sections = [
        (kind, label, [(m, targets.get((m.kind, m.target_ref))) for m in groups.get(kind, [])])
        for kind, label in Match.Kind.choices
    ]

    return {
        "need": need,
        "sections": sections,
        "may_decide": is_secretariat(request.user),
        "may_refresh": can_act_for_party(request.user, need.party),
        # two-sided: the party accepts or declines; an organisation's editor offers help
        "may_party_decide": can_act_for_party(request.user, need.party),
        "offer_as": user_organisation(request.user) if need.status == Need.Status.OPEN else None,
    }


@require_POST
@login_required
def need_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's editor offers help on a need."""
    need = get_object_or_404(selectors.visible_needs(request.user), pk=pk)
    try:
        offers.offer_help(
            request.user, need, user_organisation(request.user), request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("Your offer was sent to the party."))
    return redirect(need.get_absolute_url())


def _visible_match(request: HttpRequest, pk: int) -> Match:
    """Match `pk`, with its need, when the user may see the need (else 404)."""
    return get_object_or_404(
        Match.objects.select_related("need"), pk=pk, need__in=selectors.visible_needs(request.user)
    )


@require_POST
@login_required
def match_party_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The need's party accepts or declines a proposed answer."""
    m = _visible_match(request, pk)
    try:
        decision = {"accept": "accepted", "decline": "declined"}.get(
            request.POST.get("party_decision", ""), ""
        )
        offers.decide_for_party(request.user, m, decision, request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect(m.need.get_absolute_url())


PARTY_STATES = [
    ("pending", gettext_lazy("Awaiting the party's answer")),
    ("accepted", gettext_lazy("Accepted by the party")),
    ("declined", gettext_lazy("Declined by the party")),
]


def offer_list(request: HttpRequest) -> HttpResponse:
    """Offers of help (and, with `offered=`, every proposed answer) the user may read, with
    where the party stands: an editor's organisation's offers, a party's answers to give."""
    g = request.GET
    offered = {"": True, "1": True, "0": None}.get(g.get("offered", ""), True)
    qs = selectors.visible_matches(
        request.user,
        party=g.get("party", "")[:3],
        organisation=g.get("organisation", "")[:80],
        offered=offered,
        party_decision=g.get("party_decision", ""),
    )
    page = Paginator(qs, 50).get_page(g.get("page"))
    return render(
        request,
        "matching/offer_list.html",
        {"page": page, "filters": g, "states": PARTY_STATES, "all_matches": offered is None},
    )


@require_POST
@login_required
def need_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(selectors.visible_needs(request.user), pk=pk)
    services.refresh_matches(need, actor=request.user)
    messages.success(request, _("Matches updated."))
    return redirect(need.get_absolute_url())


@require_POST
@login_required
def match_decide(request: HttpRequest, pk: int) -> HttpResponse:
    m = _visible_match(request, pk)
    decision = request.POST.get("decision", "")
    try:
        services.decide_match(request.user, m, decision, request.POST.get("note", ""))
    except ValidationError:
        messages.error(request, _("Unknown decision."))
    else:
        messages.success(request, _("Decision recorded."))
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect(m.need.get_absolute_url())


@require_POST
@login_required
def needs_from_sources(request: HttpRequest) -> HttpResponse:
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat may do this."))
    counts = services.needs_from_sources(request.user)
    messages.success(
        request,
        _("%(n)d needs drawn from statements, reports and requests.") % {"n": sum(counts.values())},
    )
    return redirect("matching:need_list")


@require_POST
@login_required
def needs_match(request: HttpRequest) -> HttpResponse:
    """Queue the matching of every open need not matched yet that the user may match (the
    secretariat: all; a focal point: its party's)."""
    from minamata_kb.matching.tasks import schedule_matching

    ids = list(services.needs_to_match(request.user).values_list("pk", flat=True))
    schedule_matching(ids, request.user.pk)
    messages.success(
        request,
        ngettext(
            "%(n)d need queued for matching: its proposals appear once it is matched.",
            "%(n)d needs queued for matching: their proposals appear as each is matched.",
            len(ids),
        )
        % {"n": len(ids)},
    )
    own = None if is_secretariat(request.user) else user_party(request.user)
    mine = f"&party={own.code}" if own is not None else ""
    return redirect(reverse("matching:need_list") + "?queue=unmatched" + mine)


def _gap_scope(request: HttpRequest) -> Any:
    if request.user.is_authenticated:
        return selectors.visible_needs(request.user)
    return gaps.published_needs()


def gap_page(request: HttpRequest) -> HttpResponse:
    by = "article" if request.GET.get("by") == "article" else "topic"
    needs = _gap_scope(request)
    rows = gaps.coverage(needs, by=by)
    return render(
        request,
        "matching/gaps.html",
        {
            "by": by,
            "rows": rows,
            "regions": gaps.REGIONS,
            "groups": gaps.GROUPS,
            "languages": CONTENT_LANGUAGES,
            "unmet": gaps.unmet_needs(needs),
            "not_matched": gaps.not_matched(needs),
            # Search queries are what other people typed: the secretariat's to read only.
            "signals": gaps.demand_signals() if is_secretariat(request.user) else [],
            "show_signals": is_secretariat(request.user),
            "rate": selectors.match_rate(request.user),
            "public": not request.user.is_authenticated,
        },
    )


def gap_csv(request: HttpRequest) -> HttpResponse:
    by = "article" if request.GET.get("by") == "article" else "topic"
    rows = gaps.coverage(_gap_scope(request), by=by)
    resp = HttpResponse(gaps.coverage_csv(rows), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="gaps-by-{by}.csv"'
    return resp


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat reviews possible duplicates."))
    decision = request.GET.get("decision", "open")
    qs = selectors.visible_duplicates(request.user)
    if decision in DuplicatePair.Decision.values:
        qs = qs.filter(decision=decision)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/duplicates.html",
        {"page": page, "decision": decision, "decisions": DuplicatePair.Decision.choices},
    )


@require_POST
@login_required
def duplicate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat reviews possible duplicates."))
    pair = get_object_or_404(DuplicatePair, pk=pk)
    try:
        duplication.decide(
            request.user, pair, request.POST.get("decision", ""), request.POST.get("note", "")
        )
    except ValidationError:
        messages.error(request, _("Unknown decision."))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("matching:duplicate_list")


def technology_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.visible_technologies(request.user)
    sector = request.GET.get("sector", "")
    if sector:
        qs = qs.filter(sector=sector)
    lang = current_content_language()
    technologies = list(qs)
    for t in technologies:
        t.shown = shown(t, lang)  # type: ignore[attr-defined]
    items = technology_items(published_only=not is_secretariat(request.user))
    return render(
        request,
        "matching/technology_list.html",
        {
            "technologies": technologies,
            "fallback": any(t.shown["fallback"] for t in technologies),  # type: ignore[attr-defined]
            "sectors": Technology.Sector.choices,
            "sector": sector,
            "needs": [i for i in items if i.role == "need"][:50],
            "challenges": [i for i in items if i.role == "challenge"][:50],
        },
    )


def _case_studies(user: Any, refs: list[str], lang: str) -> list[Any]:
    """The entry's case studies the user may read, each in the page's language when it has
    that translation; an id no visible resource has stays as text."""
    from django.apps import apps

    if not apps.is_installed("minamata_kb.library"):
        return list(refs)

    visible = visible_resources(user)
    found = {r.external_id: r for r in visible.filter(external_id__in=refs)}
    in_lang = {
        r.translation_group: r
        for r in visible.filter(
            translation_group__in={r.translation_group for r in found.values()}, language=lang
        )
    }
    return [
        in_lang.get(found[ref].translation_group, found[ref]) if ref in found else ref
        for ref in refs
    ]


def technology_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tech = get_object_or_404(selectors.visible_technologies(request.user), slug=slug)
    lang = current_content_language()
    return render(
        request,
        "matching/technology_detail.html",
        {
            "tech": tech,
            "shown": shown(tech, lang),
            "studies": _case_studies(request.user, list(tech.case_studies or []), lang),
            "countries": tech.countries.order_by("name_en"),
        },
    )
