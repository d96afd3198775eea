"""HTTP API of the search app (mounted under /api/v1/)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from minamata_kb.core.listing import ListMeta, listing
from minamata_kb.library.models import Resource
from minamata_kb.search.facets import Filters
from minamata_kb.search.services import SearchError, search

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = ""
    limit: int = 10
    offset: int = 0
    lang: str | None = None
    type: str | None = None
    article: int | None = None
    topic: str | None = None
    region: str | None = None
    provider: str | None = None
    year: int | None = None
    facets: bool = False


class TranslationOut(Schema):
    id: str
    language: str
    page: str


class SearchHitOut(Schema):
    id: str
    title: str
    language: str
    score: float
    snippet: str
    snippet_html: str
    page: str
    translations: list[TranslationOut]
    weak: bool = Field(False, description="below the relevance floor: a weaker match")


class SearchMeta(ListMeta):
    count: int = Field(description="relevant results (above the relevance floor)")
    weaker: int = Field(0, description="weaker matches, listed after the relevant results")
    query: str
    language: str = Field(description="the language the query was read in")
    read_as: list[str] = Field(
        default_factory=list,
        description="the Convention's terms the query's plain words were also searched as "
        "(`silver fillings`: `dental amalgam`)",
    )
    took_ms: float
    limit: int
    offset: int
    facets: dict[str, list[list[Any]]] = Field(
        default_factory=dict, description="value and count per facet, with `facets=true`"
    )


class SearchOut(Schema):
    """The one list shape of the API: `meta` about the query, `items` the hits."""

    meta: SearchMeta
    items: list[SearchHitOut]


@router.get(
    "/search",
    response=SearchOut,
    summary="Hybrid multilingual search",
    description="Full-text plus cross-lingual semantic search over the resources you may see. "
    "Same filters as `minamata-kb search`; `facets=true` adds facet counts.",
)
def search_endpoint(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    if not 1 <= params.limit <= 100:
        raise ValidationError({"limit": ["must be between 1 and 100"]})
    if not 0 <= params.offset <= 1000:
        raise ValidationError({"offset": ["must be between 0 and 1000"]})
    filters = Filters.from_params(params.dict())
    try:
        res = search(
            params.q,
            user=request.user,
            filters=filters,
            limit=params.limit,
            offset=params.offset,
            log_source="api",
            facets=params.facets,
        )
    except SearchError as exc:
        raise ValidationError({"q": [str(exc)]}) from None
    return listing(
        (
            {
                "id": h.id,
                "title": h.title,
                "language": h.language,
                "score": h.score,
                "snippet": h.snippet,
                "snippet_html": h.snippet_html,
                "page": h.resource.get_absolute_url(),
                "translations": [
                    {
                        "id": i,
                        "language": lang,
                        "page": Resource.url_for(i),
                    }
                    for i, lang in h.translations
                ],
                "weak": h.weak,
            }
            for h in res.hits
        ),
        count=res.total,
        weaker=res.weaker,
        query=res.query,
        language=res.language,
        read_as=res.read_as,
        took_ms=res.took_ms,
        limit=params.limit,
        offset=params.offset,
        facets={k: [[v, n] for v, n in vals] for k, vals in res.facets.items()},
    )
