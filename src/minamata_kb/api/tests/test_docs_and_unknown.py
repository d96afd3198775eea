"""The API documentation is served by the site itself (no CDN, CSP intact), and any unknown
/api/ address answers the JSON error envelope, not an HTML page."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_api_docs_load_their_assets_from_this_site(client):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    page = r.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assets = [s for s in sources if s.endswith((".js", ".css"))]
    assert assets, page[:500]
    for url in assets:
        assert url.startswith("/static/"), url  # nothing from another host
        assert finders.find(url.removeprefix("/static/")), url  # and the file is there
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "cdn" not in csp
    assert "<script>" not in page  # no inline script the policy would block
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200 and spec.json()["info"]["title"] == "Minamata KB API"


@pytest.mark.integration
def test_the_footer_api_link_opens_the_reference_page_of_every_operation(client):
    page = client.get("/").content.decode()
    href = re.search(r'<a href="([^"]+)">API</a>', page)
    assert href and href.group(1) == "/api/v1/reference"
    r = client.get(href.group(1))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")
    ref = r.content.decode()
    assert '<header class="site-header">' in ref  # the site's layout and navigation
    assert not re.search(r"<script(?![^>]*\bsrc=)", ref)  # no inline script (CSP)
    spec = client.get("/api/v1/openapi.json").json()
    for path, item in spec["paths"].items():
        for method in item:
            assert f"<code>{method.upper()} {path}</code>" in ref, (method, path)
    assert 'href="/api/v1/docs"' in ref and 'href="/api/v1/openapi.json"' in ref
    assert "/reference" not in spec["paths"] and "/api/v1/reference" not in spec["paths"]


@pytest.mark.parametrize("lang,title", [("fr", "Référence de l’API"), ("ar", "مرجع واجهة البرمجة")])
def test_the_reference_page_speaks_the_page_language(client, lang, title):
    client.cookies["django_language"] = lang
    assert title in client.get("/api/v1/reference").content.decode()


@pytest.mark.parametrize(
    "path",
    ["/api/v1/no-such-thing", "/api/v1/parties/XYZ/nothing/", "/api/v2/parties", "/api/"],
)
def test_unknown_api_paths_answer_the_json_envelope(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert r["Content-Type"].startswith("application/json")
    body = r.json()
    assert body["error"]["code"] == "not_found" and body["error"]["message"]
