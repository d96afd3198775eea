"""Every page and endpoint, every persona: no server errors, and no write without the right role.

Per-app tests prove each app's own rules in detail; this sweep guards the whole surface, so a
new page or endpoint is covered the day it is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from minamata_kb.audit.models import ChangeRecord

SKIP_PREFIXES = ("admin/", "i18n/", "static/", "media/")
WRITE_METHODS = ("post", "put", "patch", "delete")


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route


def parameterless_pages() -> list[str]:
    routes = set()
    for route in _walk(get_resolver().url_patterns):
        if (
            route.startswith(SKIP_PREFIXES)
            or route.startswith("api/v1/")
            or "<" in route
            or "(?P" in route
        ):
            continue
        routes.add("/" + route.lstrip("^").rstrip("$"))
    return sorted(routes)


def api_operations() -> list[tuple[str, str]]:
    from minamata_kb.api.routes import api

    schema = api.get_openapi_schema()
    ops = []
    for path, methods in schema["paths"].items():
        for method in methods:
            ops.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return sorted(ops)


@pytest.mark.django_db
@pytest.mark.integration
def test_no_page_errors_for_any_persona(personas):
    pages = parameterless_pages()
    assert "/registry/parties/" in pages
    failures = []
    for persona in personas.all:
        for url in pages:
            response = persona.client.get(url)
            if response.status_code >= 500:
                failures.append((persona.name, url, response.status_code))
            elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
                if len(response.content) > 300_000:  # light pages for slow connections
                    failures.append((persona.name, url, f"{len(response.content)} bytes"))
    assert not failures


@pytest.mark.django_db
def test_anonymous_visitors_cannot_write_through_the_api(personas):
    before = ChangeRecord.objects.count()
    failures = []
    for method, path in api_operations():
        if method not in WRITE_METHODS:
            continue
        response = getattr(personas.anon.client, method)(path, {}, content_type="application/json")
        if response.status_code < 400 or response.status_code >= 500:
            failures.append((method, path, response.status_code))
    assert not failures, failures
    assert ChangeRecord.objects.count() == before


@pytest.mark.django_db
@pytest.mark.integration
def test_api_reads_never_fail_with_a_server_error(personas):
    failures = []
    for persona in (personas.anon, personas.fp_a, personas.officer):
        for method, path in api_operations():
            if method != "get":
                continue
            status = persona.client.get(path).status_code
            if status >= 500:
                failures.append((persona.name, path, status))
    assert not failures
