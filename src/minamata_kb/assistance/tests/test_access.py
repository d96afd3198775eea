"""Permission boundaries of every assistance page and endpoint, per persona."""

from __future__ import annotations

import json

import pytest

from minamata_kb.assistance.models import Request
from minamata_kb.assistance.services import set_published
from minamata_kb.assistance.workflow import transition

pytestmark = pytest.mark.django_db
S = Request.State


def test_list_and_detail_per_persona(personas, filed):
    url, api = f"/assistance/{filed.pk}/", f"/api/v1/requests/{filed.pk}"
    expected = {"officer": 200, "fp_a": 200, "fp_b": 403, "partner": 403, "anon": 404}
    for name, status in expected.items():
        c = getattr(personas, name).client
        assert c.get("/assistance/").status_code == 200, name
        assert c.get(url).status_code == status, name
        assert c.get(api).status_code == status, name
        listed = [r["id"] for r in c.get("/api/v1/requests").json()["items"]]
        assert (filed.pk in listed) is (status == 200), name
        assert (filed.title in c.get("/assistance/").content.decode()) is (status == 200), name
    assert "another party" in personas.fp_b.client.get(url).content.decode()
    assert personas.fp_b.client.get(api).json()["error"]["code"] == "forbidden"


def test_published_requests_are_public_without_private_fields(personas, filed):
    o = personas.officer.user
    transition(o, filed, S.TRIAGED)
    transition(o, filed, S.ASSIGNED, assignee=o)
    transition(o, filed, S.ANSWERED, answer="Public answer")
    set_published(o, filed, True)
    for p in personas.all:
        r = p.client.get(f"/api/v1/requests/{filed.pk}")
        assert r.status_code == 200, p.name
        private = p.name in ("officer1", "fp-a")
        assert (r.json()["assignee"] is not None) is private, p.name
        assert p.client.get(f"/assistance/{filed.pk}/").status_code == 200


def test_party_page_section_per_role(personas, filed):
    page = "/registry/parties/GHA/"
    assert filed.title in personas.officer.client.get(page).content.decode()
    assert filed.title in personas.fp_a.client.get(page).content.decode()
    for p in (personas.fp_b, personas.partner, personas.anon):
        assert filed.title not in p.client.get(page).content.decode(), p.name


def test_filing_page_per_persona(personas):
    assert personas.anon.client.get("/assistance/new/").status_code == 302
    assert personas.partner.client.get("/assistance/new/").status_code == 403
    for p in (personas.fp_a, personas.fp_b, personas.officer):
        assert p.client.get("/assistance/new/").status_code == 200
    r = personas.fp_a.client.post(
        "/assistance/new/", {"kind": "information", "title": "Kept title", "text": ""}
    )
    assert r.status_code == 200 and 'value="Kept title"' in r.content.decode()
    assert Request.objects.count() == 0
    r = personas.fp_a.client.post(
        "/assistance/new/",
        {
            "kind": "information",
            "title": "Forms",
            "text": "Which?",
            "topics": ["trade"],
            "articles": ["3"],
        },
    )
    assert r.status_code == 302
    req = Request.objects.get()
    assert req.party.code == "GHA" and list(req.topics.values_list("slug", flat=True)) == ["trade"]


def test_transition_page_per_persona(personas, filed):
    url = f"/assistance/{filed.pk}/transition/"
    for p in (personas.fp_b, personas.partner, personas.anon):
        r = p.client.post(url, {"to_state": "withdrawn", "reason": "hostile"})
        assert r.status_code == 403, p.name
    r = personas.fp_a.client.post(url, {"to_state": "triaged"})
    assert r.status_code == 403 and "Only the secretariat" in r.content.decode()
    assert Request.objects.get(pk=filed.pk).state == S.RECEIVED
    r = personas.officer.client.post(url, {"to_state": "closed"})
    assert r.status_code == 422 and "cannot go from" in r.content.decode()
    r = personas.officer.client.post(url, {"to_state": "triaged"})
    assert r.status_code == 302 and Request.objects.get(pk=filed.pk).state == S.TRIAGED
    r = personas.fp_a.client.post(url, {"to_state": "withdrawn", "reason": "Solved"})
    assert r.status_code == 302 and Request.objects.get(pk=filed.pk).state == S.WITHDRAWN
    publish = f"/assistance/{filed.pk}/publish/"
    assert personas.fp_a.client.post(publish, {"published": "1"}).status_code == 403


def test_api_write_per_persona(personas, filed):
    body = json.dumps({"kind": "information", "title": "Via API", "text": "x"})
    assert (
        personas.anon.client.post(
            "/api/v1/requests", body, content_type="application/json"
        ).status_code
        == 401
    )
    assert (
        personas.partner.client.post(
            "/api/v1/requests", body, content_type="application/json"
        ).status_code
        == 403
    )
    other = json.dumps({"party": "MEX", "kind": "information", "title": "t", "text": "x"})
    r = personas.fp_a.client.post("/api/v1/requests", other, content_type="application/json")
    assert r.status_code == 403
    r = personas.fp_a.client.post("/api/v1/requests", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["party"] == "GHA" and r.json()["state"] == "received"
    r = personas.officer.client.post("/api/v1/requests", other, content_type="application/json")
    assert r.status_code == 201 and r.json()["party"] == "MEX"
    t = f"/api/v1/requests/{filed.pk}/transition"
    step = json.dumps({"state": "withdrawn", "reason": "hostile"})
    assert personas.fp_b.client.post(t, step, content_type="application/json").status_code == 403
    assert personas.anon.client.post(t, step, content_type="application/json").status_code == 401
    r = personas.officer.client.post(
        t, json.dumps({"state": "answered", "answer": "x"}), content_type="application/json"
    )
    assert r.status_code == 422 and "cannot go from" in r.json()["error"]["details"][0]["message"]
    r = personas.officer.client.post(
        t, json.dumps({"state": "triaged"}), content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["state"] == "triaged"
    assert Request.objects.get(pk=filed.pk).state == S.TRIAGED


def test_attention_items_queues_for_the_secretariat_own_requests_for_the_party(personas, filed):
    from django.test import RequestFactory

    from minamata_kb.assistance.attention import items

    rf = RequestFactory().get("/")
    rf.user = personas.officer.user
    labels = {i["label"]: i["count"] for i in items(rf)}
    assert labels.get("Assistance requests to triage") == 1
    # the focal point sees its own request and its next step, not the secretariat's queues
    rf.user = personas.fp_a.user
    own = items(rf)
    assert [i["label"] for i in own] == ["Advice on amalgam separators"]
    assert own[0]["url"] == filed.get_absolute_url() and "secretariat" in own[0]["note"]
    rf.user = personas.fp_b.user
    assert items(rf) == []
    assert "Assistance requests to triage" in personas.officer.client.get("/").content.decode()


def test_attachments_only_for_the_party_and_the_secretariat(personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from minamata_kb.assistance.services import file_request

    r = file_request(
        personas.fp_a.user,
        personas.world.party_a,
        kind="information",
        title="With a file",
        text="See attached.",
        files=[SimpleUploadedFile("note.txt", b"hello")],
    )
    url = f"/assistance/{r.pk}/attachments/{r.attachments.get().pk}/"
    assert b"".join(personas.fp_a.client.get(url).streaming_content) == b"hello"
    assert personas.officer.client.get(url).status_code == 200
    assert personas.fp_b.client.get(url).status_code == 403
    assert personas.partner.client.get(url).status_code == 403
    assert personas.anon.client.get(url).status_code == 404
    o = personas.officer.user
    for state, kw in [
        (S.TRIAGED, {}),
        (S.ASSIGNED, {"assignee": o}),
        (S.ANSWERED, {"answer": "a"}),
    ]:
        transition(o, r, state, **kw)
    set_published(o, r, True)
    # Published: the text is public, the attachments are not.
    assert personas.anon.client.get(f"/assistance/{r.pk}/").status_code == 200
    assert personas.anon.client.get(url).status_code == 404
    assert personas.fp_b.client.get(url).status_code == 404


def test_publish_page_per_persona(personas, filed):
    o = personas.officer.user
    for state, kw in [
        (S.TRIAGED, {}),
        (S.ASSIGNED, {"assignee": o}),
        (S.ANSWERED, {"answer": "a"}),
    ]:
        transition(o, filed, state, **kw)
    url = f"/assistance/{filed.pk}/publish/"
    for p in (personas.fp_a, personas.fp_b, personas.partner, personas.anon):
        assert p.client.post(url, {"published": "1"}).status_code == 403, p.name
        assert p.client.get(url).status_code == 405, p.name
    assert not Request.objects.get(pk=filed.pk).published
    assert personas.officer.client.post(url, {"published": "1"}).status_code == 302
    assert Request.objects.get(pk=filed.pk).published
    assert filed.title in personas.anon.client.get("/assistance/").content.decode()
