"""Two-sided matching through the API (issue 13 item 5), per role: an organisation's editor
offers help on a need (for its own organisation only), the need's focal point accepts or
declines (with a reason) what is proposed for its party, and each reads the offers and
matches it may see with their state; session writes need the CSRF token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.matching import offers, services
from minamata_kb.matching.models import Match, Need

pytestmark = pytest.mark.django_db


def _post(persona: Any, url: str, body: dict[str, Any]) -> Any:
    return persona.client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def needs(personas: Any) -> tuple[Need, Need]:
    w = personas.world
    ghana, _ = services.save_need(
        None, party=w.party_a, text="Our gold miners need mercury-free processing.", published=True
    )
    mexico, _ = services.save_need(
        None, party=w.party_b, text="Environmentally sound interim storage of mercury waste."
    )
    return ghana, mexico  # Ghana's is published, Mexico's a draft


def test_an_editor_offers_help_for_its_own_organisation_only(
    personas: Any,
    needs: tuple[Need, Need],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ghana, mexico = needs
    personas.fp_a.user.email = "fp-a@example.org"
    personas.fp_a.user.save(update_fields=["email"])
    url = f"/api/v1/needs/{ghana.pk}/offers"
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(personas.partner, url, {"note": "We can train your miners."})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["offered_by"] == "bcrc-test" and body["party_state"] == "pending"
    assert body["need"]["reference"] == ghana.reference and not body["may_party_decide"]
    m = Match.objects.get(pk=body["id"])
    assert m.offered_by == personas.world.org and m.offer_note == "We can train your miners."
    assert ChangeRecord.objects.filter(entity="matching.match", object_id=str(m.pk)).exists()
    assert [e.to for e in mail.outbox] == [["fp-a@example.org"]]  # the party is told
    # not for another organisation, not on a need it may not see, not by others
    r = _post(personas.partner, url, {"organisation": "other-ngo"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert _post(personas.partner, f"/api/v1/needs/{mexico.pk}/offers", {}).status_code == 404
    for persona, status in ((personas.fp_a, 403), (personas.fp_b, 403), (personas.anon, 401)):
        assert _post(persona, url, {"note": "x"}).status_code == status, persona.name
    assert Match.objects.filter(offered_by__isnull=False).count() == 1
    # the secretariat may record an offer for any organisation
    r = _post(personas.officer, f"/api/v1/needs/{mexico.pk}/offers", {"organisation": "other-ngo"})
    assert r.status_code == 201 and r.json()["offered_by"] == "other-ngo"
    r = _post(personas.officer, url, {"organisation": "no-such-org"})
    assert r.status_code == 422


def test_the_focal_point_answers_for_its_own_party_only(
    personas: Any,
    needs: tuple[Need, Need],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ghana, _ = needs
    personas.partner.user.email = "ed@example.org"
    personas.partner.user.save(update_fields=["email"])
    m = offers.offer_help(personas.partner.user, ghana, personas.world.org, "Training")
    url = f"/api/v1/matches/{m.pk}/party-decision"
    for persona, status in ((personas.fp_b, 403), (personas.partner, 403), (personas.anon, 401)):
        assert _post(persona, url, {"decision": "accepted"}).status_code == status, persona.name
    r = _post(personas.fp_a, url, {"decision": "declined"})
    assert r.status_code == 422 and "reason" in r.content.decode()  # a decline says why
    assert _post(personas.fp_a, url, {"decision": "maybe"}).status_code == 422
    assert Match.objects.get(pk=m.pk).party_decision == ""
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(personas.fp_a, url, {"decision": "declined", "reason": "Trained last year"})
    assert r.status_code == 200, r.content
    assert r.json()["party_state"] == "declined" and r.json()["party_note"] == "Trained last year"
    assert r.json()["note"] == "Training"  # the organisation's message stays
    m.refresh_from_db()
    assert m.party_decision == "declined" and m.party_decided_by == personas.fp_a.user
    assert mail.outbox[-1].to == ["ed@example.org"] and "Trained last year" in mail.outbox[-1].body
    r = _post(personas.fp_a, url, {"decision": "accepted"})  # the party may change its mind
    assert r.status_code == 200 and r.json()["party_state"] == "accepted"
    # a match of another party's draft need does not exist for the focal point
    other = offers.offer_help(personas.officer.user, needs[1], personas.world.other_org)
    r = _post(personas.fp_a, f"/api/v1/matches/{other.pk}/party-decision",
              {"decision": "accepted"})  # fmt: skip
    assert r.status_code == 404 and Match.objects.get(pk=other.pk).party_decision == ""


def test_each_role_lists_what_it_may_see_with_its_state(
    personas: Any, needs: tuple[Need, Need], library: Any
) -> None:
    ghana, mexico = needs
    w = personas.world
    offers.offer_help(personas.partner.user, ghana, w.org, "Training")
    draft_offer = offers.offer_help(personas.officer.user, mexico, w.other_org, "Storage help")
    offers.decide_for_party(personas.fp_b.user, draft_offer, "accepted")

    def listed(persona: Any, query: str = "") -> set[tuple[str, str, str]]:
        r = persona.client.get("/api/v1/offers" + query)
        assert r.status_code == 200, (persona.name, r.content)
        body = r.json()
        assert body["meta"]["count"] == len(body["items"])
        return {(i["need"]["party"], i["offered_by"], i["party_state"]) for i in body["items"]}

    ghana_offer = ("GHA", "bcrc-test", "pending")
    mexico_offer = ("MEX", "other-ngo", "accepted")
    assert listed(personas.officer) == {ghana_offer, mexico_offer}
    assert listed(personas.fp_b) == {ghana_offer, mexico_offer}  # its own party's draft too
    for persona in (personas.fp_a, personas.partner, personas.anon):
        assert listed(persona) == {ghana_offer}, persona.name  # nothing unpublished
    assert listed(personas.officer, "?party_decision=pending") == {ghana_offer}
    assert listed(personas.officer, "?organisation=other-ngo") == {mexico_offer}
    assert listed(personas.officer, "?party=gha") == {ghana_offer}
    # every proposed answer, the matcher's too, when asked
    services.refresh_matches(ghana)
    everything = personas.fp_a.client.get("/api/v1/offers?offers_only=false").json()
    assert everything["meta"]["count"] > 1
    assert all(i["may_party_decide"] for i in everything["items"])
    assert not any(
        i["may_party_decide"]
        for i in personas.partner.client.get("/api/v1/offers?offers_only=false").json()["items"]
    )
    r = personas.anon.client.get("/api/v1/offers?limit=1")
    assert r.json()["meta"] == {"count": 1, "limit": 1, "offset": 0}


def test_session_writes_need_the_csrf_token(personas: Any, needs: tuple[Need, Need]) -> None:
    ghana, _ = needs
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.partner.user)
    r = client.post(f"/api/v1/needs/{ghana.pk}/offers", "{}", content_type="application/json")
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    assert not Match.objects.filter(offered_by__isnull=False).exists()
    client.get("/matching/")  # a page sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    r = client.post(f"/api/v1/needs/{ghana.pk}/offers", "{}", content_type="application/json",
                    headers={"X-CSRFToken": token})  # fmt: skip
    assert r.status_code == 201
    m = Match.objects.get(offered_by__isnull=False)
    fp = Client(enforce_csrf_checks=True)
    fp.force_login(personas.fp_a.user)
    r = fp.post(f"/api/v1/matches/{m.pk}/party-decision", json.dumps({"decision": "accepted"}),
                content_type="application/json")  # fmt: skip
    assert r.status_code == 403 and Match.objects.get(pk=m.pk).party_decision == ""
