"""Resource ids: one alphabet at every entry point; a legacy bad id breaks nothing.

The attack: an editor created `zz/poison` through the API; the answer was a 500 yet the row was
committed, and from then on search, the resource list and the feed answered 500 to everyone.
"""

from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.library.models import Resource
from minamata_kb.library.records import ResourceData
from minamata_kb.library.transfer import import_lines

BAD_IDS = [
    "zz/poison",
    "../etc",
    "a b",
    "a%2Fb",
    "a?b",
    "a#b",
    "ｆｐ-china",  # fullwidth look-alikes
    "x" * 201,
    "-lead",
    "a\nb",
    "a.b",
    "",
]

PUBLIC_READS = [
    ("/search/", {"q": "mercury"}),
    ("/api/v1/search", {"q": "mercury"}),
    ("/api/v1/resources", {}),
    ("/library/feed/", {}),
    ("/library/", {}),
]


@pytest.fixture
def world(personas):
    out = import_lines(
        [
            json.dumps(
                {
                    "id": "pub-1",
                    "title": "Mercury in dentistry",
                    "language": "en",
                    "org": "bcrc-test",
                    "text": "Mercury amalgam.",
                }
            ).encode(),
            json.dumps(
                {
                    "id": "draft-1",
                    "title": "Draft mercury checklist",
                    "language": "en",
                    "org": "bcrc-test",
                    "published": False,
                    "text": "Mercury waste.",
                }
            ).encode(),
        ]
    )
    assert not out.errors
    for p in (*personas.all, personas.admin):
        p.client.raise_request_exception = False
    return personas


def _reads_ok(client: Client) -> None:
    for url, params in PUBLIC_READS:
        r = client.get(url, params)
        assert r.status_code == 200, (url, r.status_code)


def test_the_attack_is_refused_and_nothing_is_committed(world):
    audit_before = ChangeRecord.objects.count()
    body = {
        "id": "zz/poison",
        "title": "Mercury poison",
        "language": "en",
        "text": "mercury",
        "published": True,
    }
    for persona in (world.partner, world.officer):
        r = persona.client.post("/api/v1/resources", body, content_type="application/json")
        assert r.status_code == 422, r.content
        err = r.json()["error"]
        assert err["code"] == "invalid_input"
        assert err["details"][0]["field"].endswith("id")
        assert "not a valid identifier" in err["details"][0]["message"]
    assert not Resource.objects.filter(external_id="zz/poison").exists()
    assert ChangeRecord.objects.count() == audit_before
    _reads_ok(world.anon.client)


@pytest.mark.parametrize("bad", BAD_IDS)
def test_every_bad_id_is_refused_by_the_api(world, bad):
    body = {"id": bad, "title": "t", "language": "en", "published": True}
    r = world.officer.client.post("/api/v1/resources", body, content_type="application/json")
    assert r.status_code == 422, (bad, r.content)
    assert Resource.objects.count() == 2


def test_the_service_refuses_a_bad_id_whoever_calls_it(world):
    with pytest.raises(ValidationError) as caught:
        from minamata_kb.library.services import save_resource

        save_resource(ResourceData(external_id="zz/poison", title="t"), check_permission=False)
    assert "id" in caught.value.message_dict
    assert not Resource.objects.filter(external_id="zz/poison").exists()


def test_the_web_form_refuses_a_bad_id(world):
    r = world.partner.client.post(
        "/library/new/",
        {"id": "zz/poison", "title": "Poison", "language": "en", "type": "guidance"},
    )
    assert r.status_code == 200
    assert "not a valid identifier" in r.content.decode()
    assert not Resource.objects.filter(external_id="zz/poison").exists()


def test_import_reports_the_bad_line_by_number_and_keeps_the_good_ones(world, tmp_path):
    lines = [
        {"id": "good-a", "title": "Good A", "language": "en"},
        {"id": "zz/poison", "title": "Bad", "language": "en"},
        {"id": "good-b", "title": "Good B", "language": "en"},
    ]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    buf = io.StringIO()
    call_command("import_resources", str(path), stderr=buf)
    err = buf.getvalue()
    assert re.search(r"r\.jsonl:2: id: 'zz/poison' is not a valid identifier", err), err
    assert "rejected 1" in err
    assert set(Resource.objects.values_list("external_id", flat=True)) == {
        "pub-1",
        "draft-1",
        "good-a",
        "good-b",
    }


@pytest.fixture
def legacy(world):
    """A row written before the rule (straight into the table), published and indexed."""
    from minamata_kb.search.indexing import index_resource

    bad = Resource.objects.create(
        external_id="zz/poison",
        title="Mercury legacy poison",
        language="en",
        text="Mercury mercury.",
        published=True,
    )
    from django.utils import timezone

    Resource.objects.filter(pk=bad.pk).update(published_at=timezone.now())
    index_resource(bad.pk)
    return SimpleNamespace(world=world, bad=bad)


def test_a_legacy_bad_id_breaks_no_page(legacy):
    world = legacy.world
    for persona in (world.anon, world.officer):
        _reads_ok(persona.client)
    html = world.anon.client.get("/search/", {"q": "legacy poison"}).content.decode()
    assert "Mercury legacy poison" in html
    page = legacy.bad.get_absolute_url()
    assert page == "/library/r/zz%252Fpoison/"
    r = world.anon.client.get(page)
    assert r.status_code == 200 and "Mercury legacy poison" in r.content.decode()
    link = re.search(r'href="(/search/go/\d+/zz%252Fpoison/\?t=\w+)"', html)
    assert link, "the hit links through the click counter"
    r = world.anon.client.get(link.group(1))
    assert r.status_code == 302 and r["Location"] == page
    listed = world.anon.client.get("/api/v1/resources").json()["items"]
    assert {"id": "zz/poison", "page": page}.items() <= next(
        x for x in listed if x["id"] == "zz/poison"
    ).items()
    feed = world.anon.client.get("/library/feed/").content.decode()
    assert "zz%252Fpoison" in feed


def test_a_legacy_bad_id_can_be_deleted_by_an_administrator(legacy):
    admin = legacy.world.admin
    admin.user.is_staff = True
    admin.user.save()
    url = f"/admin/library/resource/{legacy.bad.pk}/delete/"
    assert admin.client.get(url).status_code == 200
    r = admin.client.post(url, {"post": "yes"})
    assert r.status_code == 302
    assert not Resource.objects.filter(external_id="zz/poison").exists()
    _reads_ok(legacy.world.anon.client)


def test_a_legacy_bad_id_can_be_deleted_through_the_api(legacy):
    officer = legacy.world.officer.client
    encoded = "/api/v1/resources/zz%252Fpoison"  # as in its "page": one URL segment
    assert officer.get(encoded).json()["id"] == "zz/poison"
    assert legacy.world.anon.client.delete(encoded).status_code == 401
    assert legacy.world.fp_a.client.delete(encoded).status_code == 403
    assert officer.delete(encoded).status_code == 204
    assert not Resource.objects.filter(external_id="zz/poison").exists()
    _reads_ok(legacy.world.anon.client)
