"""Stored English names and codes read in the page's language; user text isolated (dir=auto)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import translation

from minamata_kb.core import labels

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str, lang: str) -> str:
    client.cookies["django_language"] = lang
    r = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == 200
    return r.content.decode()


@pytest.mark.parametrize(
    "lang,africa,americas",
    [("fr", "Afrique", "Amériques"), ("ar", "أفريقيا", "الأمريكتان"), ("en", "Africa", "Americas")],
)
def test_region_names_on_the_party_pages(ref_world, client, lang, africa, americas):
    page = _get(client, "/registry/parties/", lang)
    assert f"<td>{africa}</td>" in page and f"<td>{americas}</td>" in page
    # the region filter's options keep the stored value and show the localized name
    assert f'<option value="Africa">{africa}</option>' in page
    detail = _get(client, "/registry/parties/GHA/", lang)
    sub = {"fr": "Afrique subsaharienne", "ar": "أفريقيا جنوب الصحراء الكبرى"}
    assert sub.get(lang, "Sub-Saharan Africa") in detail


def test_entry_into_force_basis_language_and_role_names():
    sentence = "Art. 31(1): deposited on/before 2017-05-18 (50th instrument)"
    with translation.override("fr"):
        assert labels.language_name("en") == "anglais"
        assert labels.region_name("Oceania") == "Océanie"
        assert labels.eif_basis(sentence).startswith("Art. 31(1) : ")
        assert "2017-05-18" in labels.eif_basis(sentence)
        assert labels.eif_basis("as notified by the depositary") == "as notified by the depositary"
        assert labels.group_name("SIDS") != "SIDS"
        assert labels.instrument_name("ratification") == "ratification"
    with translation.override("ar"):
        assert labels.language_name("en") == "الإنجليزية"
        # the date isolated (LRI...PDI) so it reads 2017-05-18, not 18-05-2017, in Arabic
        assert "\u20662017-05-18\u2069" in labels.eif_basis(sentence)
        assert "Art." not in labels.eif_basis(sentence)
        assert labels.eif_basis("Art. 31(2): 90th day after deposit (computed)") != (
            "Art. 31(2): 90th day after deposit (computed)"
        )
    with translation.override("zh-hans"):
        assert labels.language_name("fr") == "法语"
        assert labels.region_name("Africa") == "非洲"


def test_statement_roles_by_name(ref_world):
    from minamata_kb.taxonomy.models import StatementRole

    role = StatementRole.objects.get(slug="support_received")
    from minamata_kb.taxonomy.templatetags.taxonomy_labels import role_name

    with translation.override("fr"):
        assert role_name("support_received") == role.name_fr != "support_received"
    assert role_name("no_such_role") == "no such role"


def test_user_text_is_isolated_with_dir_auto(ref_world, personas):
    from minamata_kb.matching import services

    services.save_need(None, party=ref_world.party_a, text="Mercury storage (interim), urgently!")
    page = _get(personas.officer.client, "/matching/", "ar")
    assert re.search(r'dir="auto">Mercury storage \(interim\), urgently!', page)
    home = _get(personas.anon.client, "/", "ar")
    assert 'id="home-q" type="search" name="q" dir="auto"' in home


def test_dates_shown_in_the_page_language():
    from django.utils.formats import date_format

    day = dt.date(2026, 3, 9)
    with translation.override("fr"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "09/03/2026"
    with translation.override("en"):
        assert date_format(day, "SHORT_DATE_FORMAT") != "09/03/2026"


@pytest.mark.parametrize(
    "lang, two, four",
    [
        ("en", "Ghana and Mexico", "Ghana, Mexico, Chile and Togo"),
        ("zh-hans", "Ghana和Mexico", "Ghana、Mexico、Chile和Togo"),
        ("ar", "Ghana وMexico", "Ghana وMexico وChile وTogo"),
        ("fr", "Ghana et Mexico", "Ghana, Mexico, Chile et Togo"),
    ],
)
def test_lists_on_pages_follow_the_page_language(lang, two, four):
    names = ["Ghana", "Mexico", "Chile", "Togo"]

    def joined(items: list[str]) -> str:
        return "".join(x + labels.list_separator(i, len(items)) for i, x in enumerate(items))

    with translation.override(lang):
        assert joined(names[:1]) == "Ghana"
        assert joined(names[:2]) == two
        assert joined(names) == four


def test_an_activity_page_lists_its_countries_in_chinese(ref_world, client):
    from minamata_kb.activities.services import save_activity

    act, _ = save_activity(
        None,
        {
            "code": "list-sep-1",
            "title": "Workshop",
            "beneficiary_countries": ["GHA", "MEX", "TUV"],
            "status": "completed",
            "provider_organisation": "bcrc-test",
            "published": True,
        },
    )
    page = client.get(f"/activities/{act.code}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    with translation.override("zh-hans"):
        names = [c.name for c in act.beneficiary_countries.order_by("name_en")]
    shown = re.sub(r"<[^>]+>", "", page)
    assert "、".join(names[:-1]) + "和" + names[-1] in shown
