"""Site-wide pages: the home page and the liveness probe."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.core.extensions import attention_items
from minamata_kb.core.health import readiness
from minamata_kb.registry.models import Country, Organisation, Party


def home(request: HttpRequest) -> HttpResponse:
    """Public landing page; the secretariat also sees what needs attention."""
    context = {
        "counts": {
            "parties": Party.objects.count(),
            "countries": Country.objects.count(),
            "organisations": Organisation.objects.count(),
        },
        "attention": attention_items(request) if is_secretariat(request.user) else [],
    }
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: database reachable, search index and embedding model loaded."""
    result = readiness()
    return JsonResponse(result, status=200 if result["ready"] else 503)
