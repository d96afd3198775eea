"""Permission boundaries of every activities page and endpoint, per persona."""

from __future__ import annotations

import json

import pytest

from minamata_kb.activities.models import Activity

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/activities/",
    "/activities/bcrc-inventories/",
    "/activities/export/?format=csv",
    "/activities/export/?format=iati",
    "/activities/events/",
    "/activities/events/ws-1/",
    "/activities/work-programme/",
    "/activities/work-programme/?format=csv",
    "/api/v1/activities",
    "/api/v1/activities/bcrc-inventories",
    "/api/v1/events",
    "/api/v1/events/ws-1",
    "/api/v1/work-programme",
    "/registry/parties/GHA/",
]


def test_public_pages_answer_every_persona(personas, acts):
    for persona in personas.all:
        for url in PUBLIC:
            r = persona.client.get(url)
            assert r.status_code == 200, (persona.name, url, r.status_code)


def test_drafts_are_seen_only_by_those_who_may_edit_them(personas, acts):
    expected = {"officer": True, "fp_a": False, "fp_b": False, "partner": True, "anon": False}
    for name, sees in expected.items():
        c = getattr(personas, name).client
        assert (c.get("/activities/bcrc-draft/").status_code == 200) is sees, name
        assert (c.get("/api/v1/activities/bcrc-draft").status_code == 200) is sees, name
        ids = [a["id"] for a in c.get("/api/v1/activities?limit=500").json()["items"]]
        assert ("bcrc-draft" in ids) is sees, name
        assert (b"bcrc-draft" in c.get("/activities/export/?format=csv").content) is sees, name
        assert (c.get("/activities/events/ws-draft/").status_code == 200) is sees, name


def test_the_edit_form_per_persona(personas, acts):
    assert personas.anon.client.get("/activities/new/").status_code == 302
    for p in (personas.officer, personas.fp_a, personas.fp_b, personas.partner):
        assert p.client.get("/activities/new/").status_code == 200, p.name
    assert personas.partner.client.get("/activities/bcrc-inventories/edit/").status_code == 200
    assert personas.officer.client.get("/activities/bcrc-inventories/edit/").status_code == 200
    for p in (personas.fp_a, personas.fp_b):
        assert p.client.get("/activities/bcrc-inventories/edit/").status_code == 403, p.name
    r = personas.fp_b.client.post(
        "/activities/bcrc-inventories/edit/", {"title": "hijack", "status": "planned"}
    )
    assert r.status_code == 403
    assert Activity.objects.get(code="bcrc-inventories").title == "Inventory training"


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(personas, acts):
    data = {
        "code": "fp-new",
        "title": "Our support",
        "provider_party": "GHA",
        "amount": "-3",
        "currency": "USD",
        "beneficiary_countries": "MEX; QQQ",
        "start_date": "2024-05-01",
        "end_date": "2024-04-01",
        "status": "planned",
    }
    r = personas.fp_a.client.post("/activities/new/", data)
    body = r.content.decode()
    assert r.status_code == 200
    assert "must not be negative" in body and "QQQ" in body and "before the start" in body
    assert 'value="Our support"' in body
    assert not Activity.objects.filter(code="fp-new").exists()
    data.update(amount="3", beneficiary_countries="MEX", end_date="2024-06-01")
    r = personas.fp_a.client.post("/activities/new/", data)
    assert r.status_code == 302
    provider = Activity.objects.get(code="fp-new").provider_party
    assert provider is not None and provider.code == "GHA"
    r = personas.fp_a.client.post(
        "/activities/new/", {**data, "code": "fp-other", "provider_party": "MEX"}
    )
    assert "only for your own party" in r.content.decode()
    assert not Activity.objects.filter(code="fp-other").exists()


def test_api_write_per_persona(personas, acts):
    payload = {
        "code": "api-1",
        "title": "Via API",
        "provider_organisation": "bcrc-test",
        "amount": "5",
        "currency": "USD",
    }
    r = personas.anon.client.post(
        "/api/v1/activities", json.dumps(payload), content_type="application/json"
    )
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"
    for p in (personas.fp_a, personas.fp_b):
        r = p.client.post(
            "/api/v1/activities", json.dumps(payload), content_type="application/json"
        )
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden", p.name
    r = personas.partner.client.post(
        "/api/v1/activities", json.dumps(payload), content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["activity"]["provider"]["id"] == "bcrc-test"
    bad = {**payload, "amount": "abc", "currency": "QQQ", "beneficiary_countries": ["ZZZ"]}
    r = personas.partner.client.post(
        "/api/v1/activities", json.dumps(bad), content_type="application/json"
    )
    assert r.status_code == 422
    fields = {d["field"] for d in r.json()["error"]["details"]}
    assert {"amount", "currency", "beneficiary_countries"} <= fields
    assert str(Activity.objects.get(code="api-1").amount) == "5.00"


def test_participation_page_and_api_per_persona(personas, acts):
    rows = json.dumps([{"country": "GHA", "women": 2, "men": 2}])
    for p in (personas.fp_a, personas.fp_b):
        r = p.client.put("/api/v1/events/ws-1/participation", rows, content_type="application/json")
        assert r.status_code == 403, p.name
        assert (
            p.client.post("/activities/events/ws-1/", {"rows": "GHA, 9, 9, 0"}).status_code == 403
        )
    assert (
        personas.anon.client.put(
            "/api/v1/events/ws-1/participation", rows, content_type="application/json"
        ).status_code
        == 401
    )
    assert acts.event.participation.count() == 3
    r = personas.partner.client.put(
        "/api/v1/events/ws-1/participation", rows, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["attendance"]["all"] == 4
    r = personas.officer.client.post(
        "/activities/events/ws-1/", {"rows": "MEX, 1, 1, 0\nXXX, 1, 0, 0"}
    )
    assert r.status_code == 200 and "unknown country" in r.content.decode()
    assert acts.event.participation.count() == 1


def test_party_page_shows_activities_and_events(personas, acts):
    body = personas.anon.client.get("/registry/parties/MEX/").content.decode()
    assert "Ghana helps Mexico" in body and "Workshop" in body
    body = personas.anon.client.get("/registry/parties/GHA/").content.decode()
    assert "Draft plan" not in body
    assert "Draft plan" in personas.officer.client.get("/registry/parties/GHA/").content.decode()


def test_event_form_and_api_per_persona(personas, acts):
    assert personas.anon.client.get("/activities/events/new/").status_code == 302
    assert personas.partner.client.get("/activities/events/ws-1/edit/").status_code == 200
    for p in (personas.fp_a, personas.fp_b):
        assert p.client.get("/activities/events/ws-1/edit/").status_code == 403, p.name
    r = personas.partner.client.post(
        "/activities/events/new/",
        {
            "code": "ev-form",
            "title": "Kept",
            "kind": "training",
            "organiser": "bcrc-test",
            "start_date": "2024-05-02",
            "end_date": "2024-05-01",
        },
    )
    assert (
        r.status_code == 200
        and "before the start" in r.content.decode()
        and 'value="Kept"' in r.content.decode()
    )
    payload = {
        "code": "ev-api",
        "title": "API event",
        "kind": "webinar",
        "organiser": "bcrc-test",
        "online": True,
    }
    assert (
        personas.anon.client.post(
            "/api/v1/events", json.dumps(payload), content_type="application/json"
        ).status_code
        == 401
    )
    assert (
        personas.fp_a.client.post(
            "/api/v1/events", json.dumps(payload), content_type="application/json"
        ).status_code
        == 403
    )
    r = personas.partner.client.post(
        "/api/v1/events", json.dumps(payload), content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["event"]["online"] is True


def test_work_programme_links_per_persona(personas, acts):
    from minamata_kb.activities import refdata
    from minamata_kb.activities.models import WorkProgrammeItem

    refdata.load_work_programme()
    item = WorkProgrammeItem.objects.get(code="a.i")
    body = json.dumps({"activities": ["bcrc-inventories"], "events": []})
    url = f"/api/v1/work-programme/{item.pk}/links"
    assert personas.anon.client.put(url, body, content_type="application/json").status_code == 401
    for p in (personas.fp_a, personas.fp_b, personas.partner):
        assert p.client.put(url, body, content_type="application/json").status_code == 403, p.name
        assert (
            p.client.post(
                "/activities/work-programme/link/",
                {"item": item.pk, "activities": "bcrc-inventories"},
            ).status_code
            == 403
        )
    assert item.activities.count() == 0
    r = personas.officer.client.put(url, body, content_type="application/json")
    assert r.status_code == 200 and any(
        i["linked_activities"] == "bcrc-inventories" for i in r.json()["items"]
    )
    r = personas.officer.client.post(
        "/activities/work-programme/link/", {"item": item.pk, "activities": "", "events": "ws-1"}
    )
    assert r.status_code == 302 and list(item.events.values_list("code", flat=True)) == ["ws-1"]
    assert (
        "Link activities and events"
        in personas.officer.client.get("/activities/work-programme/").content.decode()
    )
    assert (
        "Link activities and events"
        not in personas.fp_a.client.get("/activities/work-programme/").content.decode()
    )
