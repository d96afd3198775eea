"""Ownership of references (issue 15, item 7): a resource's organisation and the resource it
translates must be something the actor may act for, whichever way the write arrives."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from minamata_kb.library.models import Resource
from minamata_kb.library.records import parse_record
from minamata_kb.library.services import save_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(personas: Any) -> tuple[Any, Resource, Resource]:
    w = personas.world
    own = Resource.objects.create(
        external_id="own-1", title="Partner guide", language="en", provider=w.org, published=True
    )
    theirs = Resource.objects.create(
        external_id="their-1",
        title="Other NGO guide",
        language="en",
        provider=w.other_org,
        published=True,
    )
    return personas, own, theirs


def _put(p: Any, body: dict[str, Any]) -> Any:
    return p.client.put(f"/api/v1/resources/{body['id']}", body, content_type="application/json")


def test_editor_cannot_move_its_resource_to_another_organisation(held):
    personas, own, _ = held
    body = {"id": "own-1", "title": "Partner guide", "language": "en", "org": "other-ngo"}
    for p, expected in (
        (personas.partner, 403),
        (personas.fp_a, 403),
        (personas.anon, 401),  # strangers are refused before anything else
    ):
        r = _put(p, body)
        assert r.status_code == expected, (p.name, r.content)
        own.refresh_from_db()
        assert own.provider == personas.world.org, p.name
    # the secretariat may reassign a resource
    assert _put(personas.officer, body).status_code == 200
    own.refresh_from_db()
    assert own.provider == personas.world.other_org


def test_service_refuses_a_new_owner_the_actor_does_not_act_for(held):
    personas, own, _ = held
    data = parse_record({"id": "own-1", "title": "Partner guide", "org": "other-ngo"})
    with pytest.raises(PermissionDenied):
        save_resource(data, actor=personas.partner.user)
    own.refresh_from_db()
    assert own.provider == personas.world.org
    # keeping its own organisation is fine
    data = parse_record({"id": "own-1", "title": "Partner guide v2", "org": "bcrc-test"})
    assert save_resource(data, actor=personas.partner.user)[1] == "updated"


def test_editor_cannot_attach_a_translation_to_another_organisations_resource(held):
    personas, own, theirs = held
    new = {"id": "mine-es", "title": "Guía", "language": "es", "translation_of": "their-1"}
    r = personas.partner.client.post("/api/v1/resources", new, content_type="application/json")
    assert r.status_code == 403, r.content
    assert not Resource.objects.filter(external_id="mine-es").exists()
    # nor relink an existing resource of its own into the other organisation's group
    body = {"id": "own-1", "title": "Partner guide", "language": "en", "translation_of": "their-1"}
    assert _put(personas.partner, body).status_code == 403
    own.refresh_from_db()
    assert own.translation_group != theirs.translation_group
    # a focal point and the public cannot either
    for p in (personas.fp_a, personas.anon):
        r = p.client.post("/api/v1/resources", new, content_type="application/json")
        assert r.status_code == (401 if p is personas.anon else 403), p.name
    # a translation of its own resource is fine
    ok = {"id": "own-1-fr", "title": "Guide", "language": "fr", "translation_of": "own-1"}
    r = personas.partner.client.post("/api/v1/resources", ok, content_type="application/json")
    assert r.status_code == 201, r.content
    assert Resource.objects.get(external_id="own-1-fr").translation_group == own.translation_group
    # the secretariat links anything
    r = personas.officer.client.post("/api/v1/resources", new, content_type="application/json")
    assert r.status_code == 201, r.content
    assert Resource.objects.get(external_id="mine-es").translation_group == theirs.translation_group
    # re-sending an unchanged link is not a new link
    again = {"id": "own-1-fr", "title": "Guide 2", "language": "fr", "translation_of": "own-1"}
    assert _put(personas.partner, again).status_code == 200
