"""API and pages of the library and search, across the persona world."""

from __future__ import annotations

import json
import re

import pytest

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.library.models import Resource
from minamata_kb.library.transfer import import_lines

DOCS = [
    {
        "id": "pub-1",
        "title": "Mercury-free dentistry",
        "language": "en",
        "type": "guidance",
        "org": "bcrc-test",
        "articles": [4],
        "text": "Composite fillings replace dental amalgam.",
    },
    {
        "id": "pub-1-es",
        "title": "Odontología sin mercurio",
        "language": "es",
        "type": "guidance",
        "translation_of": "pub-1",
        "text": "Las resinas compuestas sustituyen la amalgama dental.",
    },
    {
        "id": "draft-1",
        "title": "Draft amalgam separator checklist",
        "language": "en",
        "org": "bcrc-test",
        "published": False,
        "text": "Separators for dental amalgam waste.",
    },
]


@pytest.fixture
def world(personas):
    out = import_lines([json.dumps(d, ensure_ascii=False).encode() for d in DOCS])
    assert not out.errors
    return personas


def test_api_search_and_envelope(world):
    c = world.anon.client
    r = c.get("/api/v1/search", {"q": "dental amalgam", "facets": "true"})
    assert r.status_code == 200
    body = r.json()
    ids = [h["id"] for h in body["items"]]
    assert "pub-1" in ids and "draft-1" not in ids
    assert "pub-1-es" not in ids  # a translation is offered beside its resource, not again
    hit = next(h for h in body["items"] if h["id"] == "pub-1")
    assert hit["translations"] == [
        {"id": "pub-1-es", "language": "es", "page": "/library/r/pub-1-es/"}
    ]
    assert body["meta"]["facets"]["language"]
    page = c.get("/search/", {"q": "dental amalgam"}).content.decode()
    assert 'hreflang="es"' in page and "Español" in page
    r = c.get("/api/v1/search", {"q": ""})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_input"
    r = c.get("/api/v1/search", {"q": "x" * 10000})
    assert r.status_code == 422 and "too long" in json.dumps(r.json())
    r = c.get("/api/v1/search", {"q": "amalgam", "limit": 1000})
    assert r.status_code == 422
    for q in ['"', "NEAR(", "*", "1' OR '1'='1", "OR AND NOT"]:
        assert c.get("/api/v1/search", {"q": q}).status_code == 200


def test_api_drafts_visible_to_owner_and_officer_only(world):
    assert world.anon.client.get("/api/v1/resources/draft-1").status_code == 404
    assert world.fp_a.client.get("/api/v1/resources/draft-1").status_code == 404
    assert world.partner.client.get("/api/v1/resources/draft-1").status_code == 200
    assert world.officer.client.get("/api/v1/resources/draft-1").status_code == 200
    listed = world.anon.client.get("/api/v1/resources").json()
    assert {r["id"] for r in listed["items"]} == {"pub-1", "pub-1-es"}
    body = world.anon.client.get("/api/v1/resources/pub-1").json()
    assert body["translations"] == {"es": "pub-1-es"}


def test_api_write_permissions(world):
    new = {"id": "new-1", "title": "Partner tool", "language": "en", "text": "A tool."}
    r = world.anon.client.post("/api/v1/resources", new, content_type="application/json")
    assert r.status_code == 401  # strangers are refused before anything else
    assert not Resource.objects.filter(external_id="new-1").exists()
    r = world.partner.client.post("/api/v1/resources", new, content_type="application/json")
    assert r.status_code == 201, r.content
    made = Resource.objects.get(external_id="new-1")
    assert made.provider == world.world.org and not made.published
    assert ChangeRecord.objects.filter(object_id=str(made.pk), action="create").exists()
    # focal point of party A may not change the partner's resource
    r = world.fp_a.client.put(
        "/api/v1/resources/pub-1", dict(new, id="pub-1"), content_type="application/json"
    )
    assert r.status_code == 403
    assert Resource.objects.get(external_id="pub-1").title == "Mercury-free dentistry"
    r = world.fp_a.client.delete("/api/v1/resources/pub-1")
    assert r.status_code == 403
    r = world.officer.client.delete("/api/v1/resources/new-1")
    assert r.status_code == 204
    assert not Resource.objects.filter(external_id="new-1").exists()
    bad = dict(new, id="bad-1", language="xx")
    r = world.partner.client.post("/api/v1/resources", bad, content_type="application/json")
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "language"


def test_search_page_and_click_log(world):
    from minamata_kb.search.models import QueryLog

    r = world.anon.client.get("/search/", {"q": "dental amalgam"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Mercury-free dentistry" in html and "Draft amalgam" not in html
    log = QueryLog.objects.latest("created_at")
    link = re.search(rf'href="(/search/go/{log.pk}/pub-1/\?t=\w+)"', html)
    assert link, "the result links through the click counter"
    r = world.anon.client.get(link.group(1).replace("&amp;", "&"))
    assert r.status_code == 302 and r["Location"] == "/library/r/pub-1/"
    log.refresh_from_db()
    assert log.clicks == 1
    r = world.anon.client.get("/search/", {"q": "x" * 5000})
    assert r.status_code == 400 and "too long" in r.content.decode()
    assert world.anon.client.get("/search/", {"q": "<script>alert(1)</script>"}).status_code == 200
    assert (
        "<script>alert(1)"
        not in world.anon.client.get(
            "/search/", {"q": "<script>alert(1)</script>"}
        ).content.decode()
    )


def test_demand_page_secretariat_only(world):
    assert world.officer.client.get("/search/demand/").status_code == 200
    assert world.fp_a.client.get("/search/demand/").status_code == 403


def test_resource_pages(world):
    r = world.anon.client.get("/library/r/pub-1/")
    assert r.status_code == 200 and "Odontología sin mercurio" in r.content.decode()
    assert world.anon.client.get("/library/r/draft-1/").status_code == 404
    assert world.anon.client.get("/library/").status_code == 200
    assert world.fp_a.client.get("/library/r/pub-1/edit/").status_code == 403


def test_edit_form_keeps_input_and_explains(world):
    c = world.partner.client
    r = c.post(
        "/library/new/",
        {
            "id": "f-1",
            "title": "Kept title",
            "language": "en",
            "type": "guidance",
            "date": "someday",
        },
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "Kept title" in html and "YYYY" in html
    assert not Resource.objects.filter(external_id="f-1").exists()
    r = c.post(
        "/library/new/",
        {"id": "f-1", "title": "Kept title", "language": "en", "type": "guidance", "date": "2024"},
    )
    assert r.status_code == 302
    assert Resource.objects.get(external_id="f-1").provider == world.world.org


def test_publish_toggle(world):
    c = world.partner.client
    assert c.post("/library/r/draft-1/publish/", {"published": "1"}).status_code == 302
    assert Resource.objects.get(external_id="draft-1").published
    ids = [
        h["id"]
        for h in world.anon.client.get("/api/v1/search", {"q": "separator checklist"}).json()[
            "items"
        ]
    ]
    assert "draft-1" in ids
    assert (
        world.fp_b.client.post("/library/r/draft-1/publish/", {"published": "0"}).status_code == 403
    )
    # withdrawing from the public: a confirmation step with a required reason
    url = "/library/r/draft-1/publish/"
    assert world.fp_b.client.get(url).status_code == 403
    page = c.get("/library/r/draft-1/").content.decode()
    assert f'href="{url}"' in page  # a link to the confirmation, not a one-click form
    assert c.get(url).status_code == 200 and 'name="reason"' in c.get(url).content.decode()
    for data in ({"published": "0"}, {"published": "0", "reason": " "}):
        assert c.post(url, data).status_code == 400
        assert Resource.objects.get(external_id="draft-1").published
    assert c.post(url, {"published": "0", "reason": "Superseded by v2"}).status_code == 302
    assert not Resource.objects.get(external_id="draft-1").published
    from minamata_kb.audit.models import ChangeRecord

    assert ChangeRecord.objects.filter(action="unpublish").latest("id").note == "Superseded by v2"


def test_atom_feed_lists_published_only(world):
    r = world.anon.client.get("/library/feed/")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/atom+xml")
    body = r.content.decode()
    assert "Mercury-free dentistry" in body and "Draft amalgam" not in body


def test_api_writes_need_the_csrf_token(world):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(world.partner.user)
    new = {"id": "csrf-1", "title": "T", "language": "en"}
    r = c.post("/api/v1/resources", new, content_type="application/json")
    assert r.status_code == 403 and "CSRF" in r.json()["error"]["message"]
    assert not Resource.objects.filter(external_id="csrf-1").exists()
    c.get("/library/")  # sets the csrftoken cookie
    token = c.cookies["csrftoken"].value
    r = c.post("/api/v1/resources", new, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert r.status_code == 201


def test_api_upload(world):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"<html><body><p>Amalgam separators in dental clinics.</p><script>x()</script></body></html>"
    url = "/api/v1/resources/pub-1/files"
    r = world.fp_a.client.post(url, {"file": SimpleUploadedFile("a.html", data)})
    assert r.status_code == 403
    r = world.partner.client.post(url, {"file": SimpleUploadedFile("a.html", data)})
    assert r.status_code == 201, r.content
    assert r.json()["sha256"] == hashlib.sha256(data).hexdigest() and r.json()["kind"] == "html"
    r = world.partner.client.post(url, {"file": SimpleUploadedFile("b.pdf", b"%PDF-1.4 broken")})
    assert r.status_code == 422 and "PDF" in r.json()["error"]["details"][0]["message"]
