"""/open-data/: the list of dumps, each dump, and the DCAT catalogue."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from minamata_kb.open_data import services
from minamata_kb.open_data.collections import COLLECTIONS, MEDIA_TYPES


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "open_data/index.html",
        {"rows": services.dataset_rows(), "license": services.license_url()},
    )


@require_safe
def dump(request: HttpRequest, collection: str, fmt: str) -> HttpResponse:
    c = COLLECTIONS.get(collection)
    if c is None or fmt not in c.all_formats:
        raise Http404(f"No dump {collection}.{fmt}")
    response = HttpResponse(c.render(fmt), content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{collection}.{fmt}"'
    response["Last-Modified"] = services.modified(c).strftime("%a, %d %b %Y 00:00:00 GMT")
    return response


@require_safe
def catalog(request: HttpRequest) -> HttpResponse:
    data = services.catalog(request.build_absolute_uri("/"))
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/ld+json"
    )
