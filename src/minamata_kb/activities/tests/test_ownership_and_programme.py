"""Issue 15: an event may be linked only to an activity its author may act for (item 7), and
the public work programme names no unpublished activity or event (item 8)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import HttpResponse

from minamata_kb.activities import refdata, services, workprogramme
from minamata_kb.activities.models import Activity, Event, WorkProgrammeItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign(acts: Any) -> Activity:
    """An activity of another organisation (not the partner's)."""
    other, _ = services.save_activity(
        None,
        {"code": "ngo-asgm", "title": "NGO work", "provider_organisation": "other-ngo"},
    )
    return other


def _event(p: Any, activity: str, code: str = "ev-x", organiser: str = "") -> HttpResponse:
    body = {"code": code, "title": "Big workshop", "kind": "workshop", "activity": activity}
    if organiser:
        body["organiser"] = organiser
    return p.client.post("/api/v1/events", json.dumps(body), content_type="application/json")


def test_event_cannot_be_attached_to_another_organisations_activity(personas, acts, foreign):
    # The partner organises its own event but hangs it on the NGO's or Ghana's activity.
    for code in ("ngo-asgm", "gha-bilateral"):
        r = _event(personas.partner, code, organiser="bcrc-test")
        assert r.status_code == 403, (code, r.content)
        assert not Event.objects.filter(code="ev-x").exists()
    with pytest.raises(PermissionDenied):
        services.save_event(
            personas.partner.user,
            {"code": "ev-x", "title": "T", "kind": "workshop", "activity": "ngo-asgm",
             "organiser": "bcrc-test"},
        )  # fmt: skip
    # nor re-link its existing event (ws-1, on its own activity) to a foreign one
    r = _event(personas.partner, "ngo-asgm", code="ws-1", organiser="bcrc-test")
    assert r.status_code == 403
    assert Event.objects.get(code="ws-1").activity == acts.pub
    # a focal point may not hang an event on another party's activity, nor can the public
    assert _event(personas.fp_b, "gha-bilateral").status_code == 403
    assert _event(personas.anon, "gha-bilateral").status_code == 401
    assert not Event.objects.filter(code="ev-x").exists()
    # its own activity is fine; so is a focal point's own party's; the secretariat links anything
    assert _event(personas.partner, "bcrc-inventories", organiser="bcrc-test").status_code == 201
    assert _event(personas.fp_a, "gha-bilateral", code="ev-gha").status_code == 201
    r = _event(personas.officer, "ngo-asgm", code="ev-off", organiser="secretariat")
    assert r.status_code == 201, r.content
    # editing an event keeps an activity link the secretariat made
    Event.objects.filter(code="ev-x").update(activity=foreign)
    r = _event(personas.partner, "ngo-asgm", organiser="bcrc-test")
    assert r.status_code == 200, r.content


def _programme(acts: Any) -> WorkProgrammeItem:
    refdata.load_work_programme()
    item = WorkProgrammeItem.objects.get(code="d.iv")
    item.activities.add(acts.pub, acts.draft)
    item.events.add(acts.event, acts.hidden)
    return item


def test_public_work_programme_names_no_unpublished_code(personas, acts):
    _programme(acts)
    secret = ("bcrc-draft", "ws-draft")
    # the public: page, API, CSV
    page = personas.anon.client.get("/activities/work-programme/")
    assert page.status_code == 200 and "bcrc-inventories" in page.content.decode()
    html = page.content.decode()
    api = personas.anon.client.get("/api/v1/work-programme").json()
    data = personas.anon.client.get("/activities/work-programme/?format=csv").content.decode()
    row = next(r for r in api["items"] if r["item"] == "d.iv")
    assert row["linked_activities"] == "bcrc-inventories" and row["linked_events"] == "ws-1"
    for text in (html, data, json.dumps(api)):
        assert not any(code in text for code in secret)
    # another party's focal point sees no more than the public
    text = personas.fp_b.client.get("/activities/work-programme/?format=json").content.decode()
    assert not any(code in text for code in secret)
    # the owner (the partner) and the secretariat see the drafts' codes
    for p in (personas.partner, personas.officer):
        row = next(
            r for r in p.client.get("/api/v1/work-programme").json()["items"] if r["item"] == "d.iv"
        )
        assert row["linked_activities"] == "bcrc-draft;bcrc-inventories", p.name
        assert row["linked_events"] == "ws-1;ws-draft", p.name


def test_cli_work_programme_export_is_public_unless_asked(acts, tmp_path):
    _programme(acts)
    out = tmp_path / "wp.csv"
    call_command("export_work_programme", "-o", str(out), stderr=io.StringIO())
    rows = {r["item"]: r for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert rows["d.iv"]["linked_activities"] == "bcrc-inventories"
    assert rows["d.iv"]["linked_events"] == "ws-1"
    call_command("export_work_programme", "--scope", "all", "-o", str(out), stderr=io.StringIO())
    rows = {r["item"]: r for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert rows["d.iv"]["linked_activities"] == "bcrc-draft;bcrc-inventories"
    assert workprogramme.export_work_programme("json").count(b"bcrc-draft") == 0


def test_a_published_event_does_not_publish_its_unpublished_activity(personas, acts):
    Event.objects.filter(code="ws-1").update(activity=acts.draft)  # bcrc-draft, unpublished
    from minamata_kb.activities.selectors import export_events

    assert b"bcrc-draft" not in export_events("csv") and b"bcrc-draft" not in export_events("json")
    for p in personas.all:
        sees = p.name in ("officer1", "partner1")  # the secretariat and the activity's owner
        api = p.client.get("/api/v1/events/ws-1").json()
        assert (api["activity"] == "bcrc-draft") == sees, p.name
        listed = {e["id"]: e for e in p.client.get("/api/v1/events").json()["items"]}
        assert (listed["ws-1"]["activity"] == "bcrc-draft") == sees, p.name
        page = p.client.get("/activities/events/ws-1/").content.decode()
        assert ("Draft plan" in page) == sees, p.name


def test_outputs_and_materials_do_not_reveal_a_draft_resources_title(personas, acts):
    from minamata_kb.activities.models import EventMaterial
    from minamata_kb.library.models import Resource

    Resource.objects.create(
        external_id="res-1", title="Secret draft toolkit", language="en", published=False
    )
    EventMaterial.objects.create(event=acts.event, kind="report", resource_ref="res-1")
    for url in (
        "/activities/bcrc-inventories/",
        "/activities/events/ws-1/",
        "/api/v1/activities/bcrc-inventories",
    ):
        r = personas.anon.client.get(url)
        assert r.status_code == 200, url
        assert "Secret draft toolkit" not in r.content.decode(), url
    Resource.objects.filter(external_id="res-1").update(published=True)
    assert (
        "Secret draft toolkit"
        in personas.anon.client.get("/activities/events/ws-1/").content.decode()
    )
