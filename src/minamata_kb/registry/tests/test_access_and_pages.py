"""Permission boundaries of the registry pages and API, per persona."""

import pytest

from minamata_kb.accounts.permissions import can_act_for_organisation, can_act_for_party, can_edit

PAGES = [
    "/",
    "/registry/parties/",
    "/registry/parties/GHA/",
    "/registry/parties/EUU/",
    "/registry/countries/",
    "/registry/countries/TUV/",
    "/registry/organisations/",
    "/registry/organisations/bcrc-test/",
    "/api/v1/countries",
    "/api/v1/parties",
    "/api/v1/organisations",
    "/api/v1/openapi.json",
]


@pytest.mark.django_db
def test_public_registry_pages_answer_every_persona(personas):
    for persona in personas.all:
        for url in PAGES:
            response = persona.client.get(url)
            assert response.status_code == 200, (persona.name, url, response.status_code)


@pytest.mark.django_db
def test_admin_is_closed_to_all_but_admins(personas):
    for persona in personas.all:
        # Every persona but the administrator is sent to the admin's sign-in page.
        front = persona.client.get("/admin/")
        assert front.status_code == 302 and "/admin/login/" in front["Location"], persona.name
        response = persona.client.get("/admin/registry/party/")
        assert response.status_code == 302, persona.name  # redirected to the admin login
    assert personas.admin.client.get("/admin/registry/party/").status_code == 200


@pytest.mark.django_db
def test_focal_points_and_editors_act_only_for_their_own(personas):
    w = personas.world
    assert can_act_for_party(personas.fp_a.user, w.party_a)
    assert not can_act_for_party(personas.fp_a.user, w.party_b)
    assert not can_act_for_party(personas.fp_b.user, w.party_a)
    assert not can_act_for_party(personas.partner.user, w.party_a)
    assert can_act_for_organisation(personas.partner.user, w.org)
    assert not can_act_for_organisation(personas.partner.user, w.other_org)
    assert not can_act_for_organisation(personas.fp_a.user, w.org)
    assert can_edit(personas.officer.user, w.party_b)
    assert not can_edit(None, w.party_a)
    assert not can_edit(personas.anon.user, w.org)


@pytest.mark.django_db
def test_focal_points_shown_only_to_signed_in_users(personas):
    from minamata_kb.registry.models import Contact

    Contact.objects.create(
        party=personas.world.party_a,
        name="Ama Mensah",
        email="ama@example.org",
        is_focal_point=True,
    )
    assert "Ama Mensah" not in personas.anon.client.get("/registry/parties/GHA/").content.decode()
    assert "Ama Mensah" in personas.fp_b.client.get("/registry/parties/GHA/").content.decode()


@pytest.mark.django_db
def test_party_list_says_it_is_partial(personas):
    from minamata_kb.registry.models import DatasetInfo

    DatasetInfo.objects.create(
        key="parties", source="UNTC", as_of="2026-06", complete=False, rows=4
    )
    body = personas.anon.client.get("/registry/parties/").content.decode()
    assert "Partial list." in body and "2026-06" in body
    meta = personas.anon.client.get("/api/v1/parties").json()["meta"]
    assert meta["complete"] is False and meta["as_of"] == "2026-06"


@pytest.mark.django_db
def test_party_filters(personas):
    c = personas.anon.client
    body = c.get("/registry/parties/?sids=1").content.decode()
    assert "Tuvalu" in body and "Ghana" not in body
    items = c.get("/api/v1/parties?region=Africa").json()["items"]
    assert [p["code"] for p in items] == ["GHA"]
    assert [p["code"] for p in c.get("/api/v1/parties?ldc=true").json()["items"]] == ["TUV"]
    orgs = c.get("/api/v1/organisations?serves=TUV").json()["items"]
    assert [o["id"] for o in orgs] == ["bcrc-test"]


@pytest.mark.django_db
def test_api_errors_share_one_envelope(personas):
    c = personas.anon.client
    r = c.get("/api/v1/parties/ZZZ")
    assert r.status_code == 404
    assert set(r.json()) == {"error"} and r.json()["error"]["code"] == "not_found"
    r = c.get("/api/v1/parties?ldc=notabool")
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_input" and err["details"][0]["field"].endswith("ldc")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang, marker",
    [
        ("ar", 'dir="rtl"'),
        ("zh-hans", 'lang="zh-hans"'),
        ("fr", 'lang="fr"'),
        ("ru", 'lang="ru"'),
        ("es", 'lang="es"'),
        ("en", 'dir="ltr"'),
    ],
)
def test_pages_render_in_six_languages(personas, lang, marker):
    c = personas.anon.client
    c.cookies["django_language"] = lang
    body = c.get("/registry/parties/GHA/").content.decode()
    assert marker in body
    if lang == "zh-hans":
        assert "加纳" in body
    if lang == "ar":
        assert "غانا" in body
