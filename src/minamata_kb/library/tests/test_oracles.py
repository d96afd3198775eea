"""No existence oracle on resource ids, no forged clicks (issue 15 item 11).

Ids are unique across the library, so someone allowed to create learns that an id is taken
(a neutral 409, the same whoever holds it and whether it is published); nobody learns more, and
whoever may not create gets the same 403 for every id. Changing, deleting or uploading to a
resource one cannot see answers the same 404 as a resource that does not exist.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from minamata_kb.library.models import Resource
from minamata_kb.library.transfer import import_lines
from minamata_kb.search.models import QueryLog

DOCS = [
    {"id": "pub-1", "title": "Mercury dentistry", "language": "en", "org": "bcrc-test"},
    {
        "id": "draft-1",
        "title": "Draft mercury list",
        "language": "en",
        "org": "bcrc-test",
        "published": False,
    },
]


@pytest.fixture
def world(personas):
    from django.test import Client

    from minamata_kb.accounts.models import Role
    from minamata_kb.accounts.services import ensure_user

    assert not import_lines([json.dumps(d).encode() for d in DOCS]).errors
    outsider = ensure_user(
        "editor-other", "pw", Role.Kind.ORG_EDITOR, organisation=personas.world.other_org
    )
    personas.outsider = Client()
    personas.outsider.force_login(outsider)
    return personas


def _post(client: Client, rid: str) -> tuple[int, Any]:
    body = {"id": rid, "title": "Mine", "language": "en"}
    r = client.post("/api/v1/resources", body, content_type="application/json")
    return r.status_code, r.json()


def _neutral(answer: Any, rid: str) -> str:
    return json.dumps(answer).replace(rid, "ID")


def test_who_may_not_create_gets_one_answer_for_every_id(world):
    hidden, free = _post(world.fp_a.client, "draft-1"), _post(world.fp_a.client, "fresh-1")
    assert hidden[0] == free[0] == 403 and hidden[1] == free[1]


def test_an_editor_learns_only_that_an_id_is_taken(world):
    hidden, public = _post(world.outsider, "draft-1"), _post(world.outsider, "pub-1")
    assert hidden[0] == public[0] == 409
    assert _neutral(hidden[1], "draft-1") == _neutral(public[1], "pub-1")
    assert "Draft" not in json.dumps(hidden[1])
    assert Resource.objects.get(external_id="draft-1").title == "Draft mercury list"


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("put", "", {"title": "Taken over", "language": "en"}),
        ("delete", "", None),
        ("post", "/files", None),
    ],
)
def test_a_hidden_resource_answers_like_a_missing_one(world, method, suffix, body):
    from django.core.files.uploadedfile import SimpleUploadedFile

    answers = []
    for rid in ("draft-1", "no-such-1"):
        url = f"/api/v1/resources/{rid}{suffix}"
        if suffix == "/files":
            r = world.outsider.post(url, {"file": SimpleUploadedFile("a.txt", b"mercury")})
        else:
            data = json.dumps({**body, "id": rid}) if body is not None else ""
            r = getattr(world.outsider, method)(url, data, content_type="application/json")
        answers.append((r.status_code, _neutral(r.json(), rid)))
    assert answers[0] == answers[1] and answers[0][0] == 404, answers
    assert Resource.objects.get(external_id="draft-1").title == "Draft mercury list"


def test_the_edit_page_of_a_hidden_resource_answers_like_a_missing_one(world):
    c = world.fp_a.client
    assert c.get("/library/r/draft-1/edit/").status_code == 404
    assert c.get("/library/r/no-such-1/edit/").status_code == 404


def test_only_the_searcher_following_the_page_link_counts_a_click(world):
    html = world.officer.client.get("/search/", {"q": "mercury dentistry"}).content.decode()
    log = QueryLog.objects.latest("created_at")
    assert log.user == world.officer.user
    link = re.search(rf'href="(/search/go/{log.pk}/pub-1/\?t=\w+)"', html)
    assert link
    stranger = world.anon.client
    for url in (
        f"/search/go/{log.pk}/pub-1/",  # guessed, unsigned
        link.group(1).replace("?t=", "?t=0"),  # a forged signature
        link.group(1),  # the searcher's own link, followed by someone else
    ):
        r = stranger.get(url)
        assert r.status_code == 302  # the visitor still reaches the resource
    log.refresh_from_db()
    assert log.clicks == 0 and log.first_click is None
    assert world.officer.client.get(link.group(1)).status_code == 302
    log = QueryLog.objects.get(pk=log.pk)
    assert log.clicks == 1 and log.first_click is not None
    assert log.first_click.external_id == "pub-1"


def test_the_new_resource_form_is_refused_before_any_id_is_looked_at(world):
    c = world.fp_a.client
    assert c.get("/library/new/").status_code == 403
    for rid in ("draft-1", "fresh-1"):
        r = c.post("/library/new/", {"id": rid, "title": "t", "language": "en", "type": "guide"})
        assert r.status_code == 403, rid
    assert "/library/new/" not in c.get("/library/").content.decode()
    assert world.outsider.get("/library/new/").status_code == 200
