"""Site-wide pages: the home page and the liveness probe."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from minamata_kb.core.extensions import attention_items, home_sections
from minamata_kb.registry.models import Country, Organisation, Party
from minamata_kb.site.health import readiness


def home(request: HttpRequest) -> HttpResponse:
    """Landing page: a search box first, then the user's own work (the secretariat's queues, a
    focal point's or editor's items), then what is new, open calls and the programme."""
    context = {
        "counts": {
            "parties": Party.objects.count(),
            "countries": Country.objects.count(),
            "organisations": Organisation.objects.count(),
        },
        "attention": attention_items(request) if request.user.is_authenticated else [],
        "sections": home_sections(request),
    }
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: database reachable, search index and embedding model loaded."""
    result = readiness()
    return JsonResponse(result, status=200 if result["ready"] else 503)
