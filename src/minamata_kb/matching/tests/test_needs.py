"""Needs and matches: services, API and permission boundaries for every persona."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.matching import services
from minamata_kb.matching.models import Match, Need

if TYPE_CHECKING:
    from minamata_kb.registry.models import Party

pytestmark = pytest.mark.django_db


def _need(
    party: Party, text: str = "Our gold miners need mercury-free processing.", **kw: Any
) -> Need:
    need, _ = services.save_need(None, party=party, text=text, **kw)
    return need


def test_save_need_classifies_and_audits(ref_world):
    need = _need(ref_world.party_a)
    assert need.language == "en"
    assert list(need.topics.values_list("slug", flat=True)) == ["asgm"]
    assert ChangeRecord.objects.filter(entity="matching.need", action="create").count() == 1
    again, outcome = services.save_need(
        None,
        party=ref_world.party_a,
        text=need.text,
        need=need,
        topics=["asgm"],
        articles=[7],
        priority="high",
    )
    assert outcome == "updated" and again.pk == need.pk


def test_refresh_keeps_decisions(library, ref_world, personas):
    need = _need(ref_world.party_a)
    services.refresh_matches(need)
    first = need.matches.filter(kind="resource").order_by("rank").first()
    assert first is not None
    services.decide_match(personas.officer.user, first, "accepted")
    services.refresh_matches(need)
    first.refresh_from_db()
    assert first.decision == "accepted"
    assert need.matches.filter(kind="resource").exists()


def test_api_create_need_boundaries(personas):
    body = {"party": "GHA", "text": "We need help to store mercury waste.", "topics": ["waste"]}
    for p, expected in (
        (personas.fp_a, 201),
        (personas.fp_b, 403),
        (personas.partner, 403),
        (personas.anon, 401),
        (personas.officer, 201),
    ):
        r = p.client.post("/api/v1/needs", json.dumps(body), content_type="application/json")
        assert r.status_code == expected, (p.name, r.content)
    assert Need.objects.filter(party__code="GHA").count() == 2
    r = personas.fp_a.client.post(
        "/api/v1/needs", json.dumps({**body, "topics": ["nope"]}), content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_input"


def test_visibility_of_needs_by_persona(ref_world, personas):
    draft_gha = _need(ref_world.party_a)
    published_mex = _need(ref_world.party_b, "Storage of waste", published=True)
    draft_tuv = _need(ref_world.party_c, "Waste disposal")  # served by the partner's centre
    expect = {
        "officer1": {draft_gha.pk, published_mex.pk, draft_tuv.pk},
        "fp-a": {draft_gha.pk, published_mex.pk},
        "fp-b": {published_mex.pk},
        "partner1": {published_mex.pk, draft_tuv.pk},
        "anonymous": {published_mex.pk},
    }
    for p in personas.all:
        ids = {n["id"] for n in p.client.get("/api/v1/needs").json()["items"]}
        assert ids == expect[p.name], p.name
        r = p.client.get(f"/api/v1/needs/{draft_gha.pk}/matches")
        assert r.status_code == (200 if draft_gha.pk in expect[p.name] else 404), p.name


def test_decide_match_only_officers(library, ref_world, personas):
    need = _need(ref_world.party_a, published=True)
    r = personas.fp_a.client.post(f"/api/v1/needs/{need.pk}/matches")
    assert r.status_code == 200
    data = r.json()
    assert data["resources"] and data["resources"][0]["why"]
    mid = data["resources"][0]["id"]
    body = json.dumps({"decision": "accepted"})
    for p, expected in ((personas.fp_a, 403), (personas.anon, 401), (personas.officer, 200)):
        r = p.client.post(f"/api/v1/matches/{mid}/decision", body, content_type="application/json")
        assert r.status_code == expected, p.name
    m = Match.objects.get(pk=mid)
    assert m.decision == "accepted" and m.decided_by == personas.officer.user
    assert ChangeRecord.objects.filter(entity="matching.match", action="decide").exists()
    r = personas.fp_b.client.post(f"/api/v1/needs/{need.pk}/matches")
    assert r.status_code == 403
    rate = personas.officer.client.get("/api/v1/gaps").json()["match_rate"]
    assert rate["accepted"] == 1 and rate["rate"] == 1.0


def test_needs_from_requests(ref_world):
    from minamata_kb.assistance.models import Request

    req = Request.objects.create(
        party=ref_world.party_a, kind="expert_advice", title="Storage", text="We need storage."
    )
    assert services.needs_from_sources() == {"request": 1}
    assert services.needs_from_sources() == {}
    need = Need.objects.get(source_kind="request", source_id=req.pk)
    assert need.source_ref == req.reference and need.party == ref_world.party_a


def test_pages_by_persona(library, ref_world, personas):
    need = _need(ref_world.party_a)
    services.refresh_matches(need)
    for p in personas.all:
        assert p.client.get("/matching/").status_code == 200
        assert p.client.get("/matching/gaps/").status_code == 200
        assert p.client.get("/matching/technologies/").status_code == 200
        detail = p.client.get(f"/matching/needs/{need.pk}/")
        assert detail.status_code == (200 if p.name in {"officer1", "fp-a"} else 404), p.name
    page = personas.officer.client.get(f"/matching/needs/{need.pk}/").content.decode()
    assert "Accept" in page and ">asgm-guide<" not in page  # titles shown, not ids
    page = personas.fp_a.client.get(f"/matching/needs/{need.pk}/").content.decode()
    assert "Mercury-free gold processing guide" in page and 'value="accepted"' not in page
    assert personas.anon.client.get("/matching/needs/new/").status_code == 302
    assert personas.partner.client.get("/matching/needs/new/").status_code == 403
    r = personas.fp_a.client.post(
        "/matching/needs/new/", {"party": "GHA", "text": "", "priority": "high"}
    )
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    r = personas.fp_a.client.post(
        "/matching/needs/new/",
        {"party": "GHA", "text": "Mercury waste storage", "priority": "high"},
    )
    assert r.status_code == 302
    assert Need.objects.filter(text="Mercury waste storage", priority="high").exists()


def test_match_decision_page(library, ref_world, personas):
    need = _need(ref_world.party_a)
    services.refresh_matches(need)
    m = need.matches.first()
    assert m is not None
    r = personas.fp_a.client.post(f"/matching/matches/{m.pk}/decide/", {"decision": "accepted"})
    assert r.status_code == 403
    r = personas.officer.client.post(f"/matching/matches/{m.pk}/decide/", {"decision": "rejected"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.decision == "rejected"


def test_party_section_and_attention(ref_world, personas):
    from django.test import RequestFactory

    from minamata_kb.matching import attention, party_profile

    _need(ref_world.party_a)
    rf = RequestFactory()
    req = rf.get("/")
    req.user = personas.fp_a.user
    section = party_profile.section(req, ref_world.party_a)
    assert section and len(section["context"]["needs"]) == 1
    req.user = personas.fp_b.user
    assert party_profile.section(req, ref_world.party_a) is None
    req.user = personas.officer.user
    labels = [i["label"] for i in attention.items(req)]
    assert "Needs not matched yet" in labels
    req.user = personas.fp_a.user
    assert attention.items(req) == []


def test_matches_panel_tag_for_other_apps(library, ref_world, personas):
    from django.template import Context, Template
    from django.test import RequestFactory

    from minamata_kb.assistance.models import Request

    req = Request.objects.create(
        party=ref_world.party_a,
        kind="expert_advice",
        title="Storage",
        text="Mercury waste storage.",
    )
    services.needs_from_sources()
    services.refresh_matches(Need.objects.get(source_kind="request"))
    tpl = Template('{% load matching_tags %}{% matches_panel "request" req %}')
    http = RequestFactory().get("/")
    http.user = personas.fp_a.user
    html = tpl.render(Context({"request": http, "req": req}))
    assert "Interim storage of mercury waste" in html
    http.user = personas.fp_b.user
    html = tpl.render(Context({"request": http, "req": req}))
    assert "Interim storage of mercury waste" not in html


def test_need_page_in_french(library, ref_world, personas):
    need = _need(ref_world.party_a)
    services.refresh_matches(need)
    personas.fp_a.client.cookies["django_language"] = "fr"
    page = personas.fp_a.client.get(f"/matching/needs/{need.pk}/").content.decode()
    assert "Ce qui peut répondre à ce besoin" in page
    assert "thème commun" in page


def test_draw_needs_page_is_for_officers(ref_world, personas):
    from minamata_kb.assistance.models import Request

    Request.objects.create(
        party=ref_world.party_b, kind="information", title="Forms", text="Trade forms."
    )
    assert personas.fp_b.client.post("/matching/needs/from-sources/").status_code == 403
    assert personas.officer.client.post("/matching/needs/from-sources/").status_code == 302
    assert Need.objects.filter(source_kind="request", party=ref_world.party_b).count() == 1


def test_request_page_shows_the_panel(library, ref_world, personas):
    from minamata_kb.assistance.models import Request

    req = Request.objects.create(
        party=ref_world.party_a,
        kind="expert_advice",
        title="Storage",
        text="Mercury waste storage.",
    )
    services.needs_from_sources()
    services.refresh_matches(Need.objects.get(source_kind="request"))
    page = personas.fp_a.client.get(req.get_absolute_url()).content.decode()
    assert "What can answer this need" in page and "Interim storage of mercury waste" in page


def test_match_the_needs_not_matched_yet_per_persona(library, ref_world, personas):
    """The secretariat matches every open need not matched yet at once; a focal point its own
    party's only; a partner and the public cannot; matched and closed needs are left alone."""
    a = _need(ref_world.party_a)
    b = _need(ref_world.party_b, "We need guidance on storing mercury waste.")
    closed = _need(ref_world.party_b, "Closed need on lamps.")
    Need.objects.filter(pk=closed.pk).update(status="closed")
    assert (
        personas.fp_a.client.get("/matching/")
        .content.decode()
        .count("Match the 1 open need not matched yet")
        == 1
    )
    assert (
        "not matched yet</button>" not in personas.partner.client.get("/matching/").content.decode()
    )
    assert personas.partner.client.post("/matching/needs/match/").status_code == 403
    assert personas.anon.client.post("/matching/needs/match/").status_code == 302  # to login
    assert not Need.objects.filter(matched_at__isnull=False).exists()

    r = personas.fp_a.client.post("/matching/needs/match/")
    assert r["Location"] == f"/matching/?queue=unmatched&party={ref_world.party_a.code}"
    r = personas.fp_a.client.get(r["Location"])
    assert "1 need queued for matching" in r.content.decode()
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.matched_at is not None and a.matches.exists() and b.matched_at is None
    # the audit names who asked
    rec = ChangeRecord.objects.filter(entity="matching.need", action="match").get()
    assert rec.actor == personas.fp_a.user

    assert personas.officer.client.post("/matching/needs/match/").status_code == 302
    b.refresh_from_db()
    closed.refresh_from_db()
    assert b.matched_at is not None and closed.matched_at is None
    assert list(services.needs_to_match(personas.officer.user)) == []


def test_match_needs_command(library, ref_world):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    a = _need(ref_world.party_a)
    b = _need(ref_world.party_b, "We need guidance on storing mercury waste.")
    err = StringIO()
    call_command("match_needs", "--party", "gha", stderr=err)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.matched_at is not None and b.matched_at is None
    assert "1 need(s) matched" in err.getvalue()
    with pytest.raises(CommandError, match="no party"):
        call_command("match_needs", "--party", "XXX")
    call_command("match_needs", stderr=StringIO())
    b.refresh_from_db()
    assert b.matched_at is not None
