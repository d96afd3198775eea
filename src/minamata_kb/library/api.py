"""HTTP API of the library app (mounted under /api/v1/): resources and their files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import File, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status

from minamata_kb.accounts.permissions import require_edit, user_organisation
from minamata_kb.core import extensions
from minamata_kb.core.apiauth import SignedInAs
from minamata_kb.core.envelope import found
from minamata_kb.core.filetext import processing
from minamata_kb.core.identifiers import Identifier
from minamata_kb.core.listing import Listing, listing, paged
from minamata_kb.library.models import Resource, from_route_key
from minamata_kb.library.records import RecordError, parse_record
from minamata_kb.library.selectors import filter_resources, visible_resources
from minamata_kb.library.services import (
    UploadRejected,
    attach_file,
    may_add_resources,
    save_resource,
)
from minamata_kb.library.services import delete_resource as delete
from minamata_kb.taxonomy.selectors import profile_codes

if TYPE_CHECKING:
    from minamata_kb.library.records import ResourceData

router = Router(tags=["library"])


class ResourceOut(Schema):
    id: str
    title: str
    summary: str
    language: str
    type: str | None
    date: str | None
    year: int | None
    provider: str | None
    articles: list[int]
    topics: list[str]
    countries: list[str]
    regions: list[str]
    url: str
    licence: str
    audience: str
    published: bool
    translations: dict[str, str]
    files: list[dict[str, Any]]
    page: str


class ResourceDetail(ResourceOut):
    text: str


class ResourceIn(Schema):
    """The import record (see `minamata-kb import resources`); id is the external id."""

    id: Identifier
    title: str | None = None
    text: str | None = None
    summary: str | None = None
    language: str | None = None
    url: str | None = None
    type: str | None = None
    date: str | None = None
    org: str | None = None
    articles: list[int] | None = None
    topics: list[str] | None = None
    countries: list[str] | None = None
    regions: list[str] | None = None
    audience: str | None = None
    licence: str | None = None
    translation_of: str | None = None
    published: bool = False


class ListFilters(Schema):
    lang: str | None = None
    type: str | None = None
    article: int | None = None
    topic: str | None = None
    provider: str | None = None
    year: int | None = None
    limit: int = 50
    offset: int = 0

    def filters(self) -> dict[str, Any]:
        """The filters of library.selectors.filter_resources (the page's form gives the same)."""
        return self.dict(exclude={"limit", "offset"})


def resource_out(r: Resource, *, detail: bool = False) -> dict[str, Any]:
    out = {
        "id": r.external_id,
        "title": r.title,
        "summary": r.summary,
        "language": r.language,
        "type": r.type_label or (r.type.slug if r.type else None),
        "date": r.date.isoformat() if r.date else None,
        "year": r.year,
        "provider": r.provider.slug if r.provider else (r.provider_name or None),
        **profile_codes(r),
        "countries": sorted(c.iso3 for c in r.countries.all()),
        "regions": list(r.regions or []),
        "url": r.url,
        "licence": r.licence,
        "audience": r.audience,
        "published": r.published,
        "translations": {
            t.language: t.external_id for t in r.translations().filter(published=True)
        },
        "files": [
            {
                "name": f.filename,
                "kind": f.kind,
                "size": f.size,
                "sha256": f.sha256,
                **processing(f),
            }
            for f in r.files.all()
        ],
        "page": r.get_absolute_url(),
    }
    if detail:
        out["text"] = r.text
    return out


def _visible(request: HttpRequest) -> QuerySet[Resource]:
    return (
        visible_resources(request.user)
        .select_related("type", "provider")
        .prefetch_related("articles", "topics", "countries", "files")
    )


def _get(request: HttpRequest, ext_id: str) -> Resource:
    # A legacy id no URL can carry (a `/`) is addressed percent-encoded, as in its "page".
    r = found(
        _visible(request).filter(external_id=from_route_key(ext_id)).first(),
        f"No resource {ext_id!r}",
    )
    return r


@router.get("/resources", response=Listing[ResourceOut], summary="List resources")
def list_resources(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    qs = filter_resources(_visible(request), **filters.filters()).order_by("external_id")
    return paged(qs, limit=filters.limit, offset=filters.offset, out=resource_out)


@router.get("/resources/{ext_id}", response=ResourceDetail, summary="One resource")
def get_resource(request: HttpRequest, ext_id: str) -> dict[str, Any]:
    return resource_out(_get(request, ext_id), detail=True)


class RelatedOut(Schema):
    id: str
    title: str
    language: str
    score: float


@router.get("/resources/{ext_id}/related", response=Listing[RelatedOut], summary="More like this")
def related_resources(request: HttpRequest, ext_id: str, limit: int = 5) -> dict[str, Any]:
    r = _get(request, ext_id)
    hits = extensions.related_resources(r, user=request.user, limit=max(1, min(limit, 20)))
    return listing(
        {"id": h.id, "title": h.title, "language": h.language, "score": h.score} for h in hits
    )


def _parse(request: HttpRequest, payload: ResourceIn) -> ResourceData:
    if not request.user.is_authenticated:
        raise PermissionDenied("Sign in to add or change resources.")
    record = payload.dict(exclude_none=True)
    try:
        data = parse_record(record)
    except RecordError as exc:
        raise ValidationError({exc.field or "record": [exc.message]}) from None
    if data.provider is None:
        data.provider = user_organisation(request.user)
    return data


def _save(request: HttpRequest, payload: ResourceIn) -> tuple[Resource, str]:
    return save_resource(_parse(request, payload), actor=request.user)


def _taken(ext_id: str) -> HttpError:
    # One answer whoever holds the id and whether it is published or not: ids are unique
    # across the library, so a creator must learn that this one is taken, and nothing more.
    return HttpError(
        409,
        _("The identifier %(id)r is already taken; choose another.") % {"id": ext_id},
    )


@router.post(
    "/resources",
    response={201: ResourceDetail, 200: ResourceDetail},
    summary="Create",
    auth=SignedInAs(may_add_resources, gettext_lazy("You may not add resources.")),
)
def create_resource(request: HttpRequest, payload: ResourceIn) -> Status:
    from django.db import IntegrityError

    # Refuse who may not add resources at all before looking at the id (no existence oracle).
    if not may_add_resources(request.user):
        raise PermissionDenied(_("You may not add resources."))
    data = _parse(request, payload)
    if Resource.objects.filter(external_id=data.external_id).exists():
        raise _taken(data.external_id)
    try:
        r, _outcome = save_resource(data, actor=request.user)
    except IntegrityError:  # created meanwhile by another request
        raise _taken(data.external_id) from None
    return Status(201, resource_out(r, detail=True))


@router.put("/resources/{ext_id}", response=ResourceDetail, summary="Replace a resource")
def update_resource(request: HttpRequest, ext_id: str, payload: ResourceIn) -> dict[str, Any]:
    existing = _get(request, ext_id)  # one 404 for missing and for hidden (no oracle)
    if payload.id != ext_id:
        raise ValidationError({"id": ["must match the resource in the URL"]})

    require_edit(request.user, existing)
    r, _outcome = _save(request, payload)
    return resource_out(r, detail=True)


@router.delete("/resources/{ext_id}", response={204: None}, summary="Delete a resource")
def delete_resource(request: HttpRequest, ext_id: str) -> Status:
    r = _get(request, ext_id)  # one 404 for missing and for hidden (no oracle)
    delete(r, actor=request.user)
    return Status(204, None)


@router.post("/resources/{ext_id}/files", response={201: dict[str, Any]}, summary="Upload a file")
def upload_file(request: HttpRequest, ext_id: str, file: File[UploadedFile]) -> Status:
    r = _get(request, ext_id)  # one 404 for missing and for hidden (no oracle)
    try:
        f = attach_file(r, name=file.name or "upload", upload=file, actor=request.user)
    except UploadRejected as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    return Status(
        201,
        {
            "name": f.filename,
            "kind": f.kind,
            "size": f.size,
            "sha256": f.sha256,
            "language": f.language,
            "characters": len(f.extracted_text),
            **processing(f),
        },
    )
