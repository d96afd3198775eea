"""Search pages: the results page with facets, click tracking and demand signals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.core.languages import CONTENT_TO_UI
from minamata_kb.library.models import Resource, from_route_key, route_key
from minamata_kb.registry.models import Organisation
from minamata_kb.search.facets import Filters
from minamata_kb.search.querylog import click_token, demand_signals, record_click
from minamata_kb.search.services import SearchError, SearchResult, search, visible_resources
from minamata_kb.taxonomy.models import ResourceType, Topic

FILTER_PARAMS = ("lang", "type", "article", "topic", "region", "provider", "year")
PAGE_SIZE = 10


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _facet_groups(result: SearchResult, q: str, active: dict[str, str]) -> list[dict[str, Any]]:
    """Each facet's values with counts, named in the page's language; a link adds the value
    to the filters, or takes it off when it is the one chosen."""
    labels = {
        "type": _("Type"),
        "language": _("Language"),
        "article": _("Article"),
        "topic": _("Topic"),
        "region": _("Region"),
        "provider": _("Provider"),
        "year": _("Year"),
    }
    groups = []
    for key, values in result.facets.items():
        param = "lang" if key == "language" else key
        names = _facet_names(key, [v for v, _count in values])
        items = []
        for value, count in values:
            chosen = str(active.get(param, "")) == str(value)
            query = {"q": q, **active}
            if chosen:
                query.pop(param, None)
            else:
                query[param] = value
            items.append(
                {
                    "value": names.get(str(value), value),
                    "count": count,
                    "chosen": chosen,
                    "url": "?" + urlencode(query),
                }
            )
        if items:
            groups.append({"key": key, "label": labels[key], "items": items})
    return groups


def _rows(result: SearchResult) -> list[dict[str, Any]]:
    """Each hit with its link and its versions in other languages (named in their own)."""
    langs = {lang for h in result.hits for _id, lang in h.translations}
    names = _language_names(langs, "name_local")
    rows = []
    for h in result.hits:
        versions = [
            {"id": i, "lang": lang, "name": names[lang], "url": _click_url(result.log_id, i)}
            for i, lang in h.translations
        ]
        rows.append({"hit": h, "versions": versions, "url": _click_url(result.log_id, h.id)})
    return rows


def _pages(
    result: SearchResult, q: str, active: dict[str, str], page: int
) -> dict[str, Any] | None:
    shown = result.total + result.weaker
    if shown <= PAGE_SIZE:
        return None
    base = {"q": q, **active}
    return {
        "prev": "?" + urlencode({**base, "page": page - 1}) if page > 1 else None,
        "next": "?" + urlencode({**base, "page": page + 1}) if page * PAGE_SIZE < shown else None,
        "page": page,
    }


def search_page(request: HttpRequest) -> HttpResponse:
    """GET /search/?q=...: results with snippets and facet links; works without JavaScript."""
    q = request.GET.get("q", "")
    params = {k: request.GET.get(k, "") for k in FILTER_PARAMS}
    page = max(1, _int(request.GET.get("page")) or 1)
    result, error = None, None
    if q.strip():
        try:
            result = search(
                q,
                user=request.user,
                filters=Filters.from_params(params),
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
                log_source="web",
                facets=True,
            )
        except SearchError as exc:
            error = str(exc)
    active = {k: v for k, v in params.items() if v}
    context: dict[str, Any] = {"q": q, "result": result, "error": error, "active": active}
    context.update(facet_groups=[], rows=[], pages=None)
    if result is not None:
        context.update(
            facet_groups=_facet_groups(result, q, active),
            rows=_rows(result),
            pages=_pages(result, q, active, page),
        )
    return render(request, "search/search.html", context, status=400 if error else 200)


def _click_url(log_id: int | None, external_id: str) -> str:
    """A result's link: through the click counter (signed for this search) to the resource."""
    from django.urls import NoReverseMatch, reverse

    if log_id is None:
        return Resource.url_for(external_id)
    try:
        url = reverse("search:click", args=[log_id, route_key(external_id)])
    except NoReverseMatch:  # a legacy id no URL can carry: link to the page, uncounted
        return Resource.url_for(external_id)
    return f"{url}?{urlencode({'t': click_token(log_id, external_id)})}"


def click(request: HttpRequest, log_id: int, ext_id: str) -> HttpResponse:
    """Count the click on a result, then go to the resource (no-click queries are signals)."""
    resource = get_object_or_404(
        visible_resources(request.user), external_id=from_route_key(ext_id)
    )
    record_click(log_id, resource, user=request.user, token=request.GET.get("t", ""))
    return HttpResponseRedirect(resource.get_absolute_url())


def demand(request: HttpRequest) -> HttpResponse:
    """Secretariat: what people searched for and did not find (or did not open)."""
    if not is_secretariat(request.user):
        raise PermissionDenied

    return render(request, "search/demand.html", {"signals": demand_signals()})


def _language_names(codes: Iterable[str], form: str = "name_translated") -> dict[str, str]:
    """Content languages' names: in the reader's language ("name_translated") or each in its
    own ("name_local": "Français", "العربية")."""
    from django.utils.translation import get_language_info

    out = {}
    for code in codes:
        try:
            out[code] = get_language_info(CONTENT_TO_UI.get(code, code))[form]
        except KeyError:
            out[code] = code
    return out


def _facet_names(key: str, values: list[object]) -> dict[str, str]:
    """Readable, translated labels for facet values (slugs and codes stay in the URLs)."""
    wanted = [str(v) for v in values]
    if key == "type":
        return {t.slug: t.name for t in ResourceType.objects.filter(slug__in=wanted)}
    if key == "topic":
        return {t.slug: t.name for t in Topic.objects.filter(slug__in=wanted)}
    if key == "provider":
        return {o.slug: o.acronym or o.name for o in Organisation.objects.filter(slug__in=wanted)}
    if key == "article":
        return {v: _("Art. %(n)s") % {"n": v} for v in wanted}
    if key == "language":
        return _language_names(wanted)
    return {}
