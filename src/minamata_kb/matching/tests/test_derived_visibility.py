"""Issue 15, item 8: records derived from a private record are no more visible than it.

A need drawn from an unpublished request (statement, report answer) repeats that record's
text; a partner editor who serves the party's country sees typed-in needs of the region, but
not needs whose source it may not read. Search queries on the gap page are the secretariat's.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from minamata_kb.assistance.models import Request
from minamata_kb.matching import services
from minamata_kb.matching.models import Need
from minamata_kb.search.models import QueryLog

pytestmark = pytest.mark.django_db

SECRET = "Our minister asks privately for help with the Lake Kivu mercury spill"


@pytest.fixture
def derived(personas: Any) -> tuple[Any, Request, Need, Need]:
    w = personas.world
    req = Request.objects.create(
        party=w.party_c, kind="expert_advice", title="Spill", text=SECRET, filed_by=None
    )
    counts = services.needs_from_sources(None)
    assert counts == {"request": 1}
    need = Need.objects.get(source_kind="request", source_id=req.pk)
    typed, _ = services.save_need(None, party=w.party_c, text="Waste storage for Tuvalu")
    # matched, with nothing found: both are listed among the gap page's unmet needs
    Need.objects.update(matched_at=timezone.now())
    return personas, req, need, typed


def test_need_from_unpublished_request_is_hidden_from_other_parties_and_editors(derived):
    personas, req, need, typed = derived
    assert SECRET in need.text and not need.published
    expect = {  # who reads the need drawn from the private request
        "officer1": 200,
        "fp-a": 404,
        "fp-b": 404,
        "partner1": 404,  # serves Tuvalu, but may not read Tuvalu's unpublished request
        "anonymous": 404,
    }
    for p in personas.all:
        r = p.client.get(f"/api/v1/needs/{need.pk}")
        assert r.status_code == expect[p.name], (p.name, r.content)
        for url in ("/api/v1/needs", "/api/v1/gaps", "/matching/", "/matching/gaps/"):
            r = p.client.get(url)
            assert r.status_code == 200, (p.name, url)
            shown = SECRET[:30] in r.content.decode()
            assert shown == (p.name == "officer1"), (p.name, url)
        assert p.client.get(f"/api/v1/needs/{need.pk}/matches").status_code == expect[p.name]
    # the partner still sees the typed-in need of the region it serves
    ids = {n["id"] for n in personas.partner.client.get("/api/v1/needs").json()["items"]}
    assert ids == {typed.pk}
    # the focal point of the request's own party (here none exists) and the secretariat do;
    # once the secretariat publishes the request, the editor may read the need too
    Request.objects.filter(pk=req.pk).update(published=True, state="answered")
    assert personas.partner.client.get(f"/api/v1/needs/{need.pk}").status_code == 200


def test_owning_focal_point_sees_its_own_derived_need(personas):
    w = personas.world
    req = Request.objects.create(party=w.party_a, kind="expert_advice", title="T", text=SECRET)
    services.needs_from_sources(None)
    need = Need.objects.get(source_kind="request", source_id=req.pk)
    assert personas.fp_a.client.get(f"/api/v1/needs/{need.pk}").status_code == 200
    assert personas.fp_b.client.get(f"/api/v1/needs/{need.pk}").status_code == 404


def test_only_the_secretariat_draws_needs_from_other_records(derived):
    personas, req, _need, _typed = derived
    other = Request.objects.create(
        party=personas.world.party_b, kind="expert_advice", title="T", text="x"
    )
    for p in (personas.fp_a, personas.partner):
        with pytest.raises(PermissionDenied):
            services.save_need(
                p.user,
                party=personas.world.party_a,
                text="copy",
                source_kind="request",
                source_id=other.pk,
            )
    assert not Need.objects.filter(source_id=other.pk).exists()


def test_gap_search_queries_are_for_the_secretariat_only(personas):
    QueryLog.objects.create(query="whistleblower mercury smuggling route", results=0)
    for p in personas.all:
        api = p.client.get("/api/v1/gaps").json()
        page = p.client.get("/matching/gaps/").content.decode()
        officer = p.name == "officer1"
        assert bool(api["zero_result_queries"]) == officer, p.name
        assert ("smuggling" in json.dumps(api)) == officer, p.name
        assert ("smuggling" in page) == officer, p.name


def test_matches_to_a_withdrawn_resource_drop_out_for_all_but_its_readers(library, personas):
    from minamata_kb.library.services import set_published
    from minamata_kb.matching.models import Match

    w = personas.world
    need, _ = services.save_need(
        None,
        party=w.party_a,
        text="Our gold miners need mercury-free processing.",
        published=True,
    )
    services.refresh_matches(need)
    assert Match.objects.filter(need=need, kind="resource", target_ref="asgm-guide").exists()
    set_published(library.asgm, False, check_permission=False)  # bcrc-test withdraws it

    def refs(p: Any) -> set[str]:
        body = p.client.get(f"/api/v1/needs/{need.pk}/matches").json()
        return {m["target"] for m in body["resources"]}

    for p in personas.all:
        # the owner (the partner's centre) and the secretariat still see it; nobody else
        assert ("asgm-guide" in refs(p)) == (p.name in ("officer1", "partner1")), p.name
    page = personas.fp_a.client.get(f"/matching/needs/{need.pk}/").content.decode()
    assert "Mercury-free gold processing guide" not in page
    page = personas.officer.client.get(f"/matching/needs/{need.pk}/").content.decode()
    assert "Mercury-free gold processing guide" in page


def test_a_published_need_goes_private_with_its_withdrawn_source(derived):
    personas, req, need, _typed = derived
    Request.objects.filter(pk=req.pk).update(published=True, state="answered")
    Need.objects.filter(pk=need.pk).update(published=True)
    assert personas.anon.client.get(f"/api/v1/needs/{need.pk}").status_code == 200
    assert SECRET[:30] in personas.anon.client.get("/api/v1/gaps").content.decode()
    Request.objects.filter(pk=req.pk).update(published=False)  # the secretariat withdraws it
    for p in personas.all:
        expected = 200 if p.name == "officer1" else 404
        assert p.client.get(f"/api/v1/needs/{need.pk}").status_code == expected, p.name
        shown = SECRET[:30] in p.client.get("/api/v1/gaps").content.decode()
        assert shown == (p.name == "officer1"), p.name
