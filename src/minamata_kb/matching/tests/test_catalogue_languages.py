"""The catalogue in six languages where it is read (issue 18 item 1): the Article 14(4) review
writes each technology's texts in the edition's language (English, said, where not translated)
and cites the catalogue's providers, case studies and countries; the technology pages show the
entry in the page's language. Visibility per persona."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from minamata_kb.matching import technology
from minamata_kb.matching.catalogue import save_technology
from minamata_kb.matching.models import Technology

from .conftest import add_resource

if TYPE_CHECKING:
    from minamata_kb.publishing.blocks import Built

pytestmark = pytest.mark.django_db

LED = {
    "slug": "led-lighting",
    "name_en": "LED lighting",
    "name_fr": "Éclairage LED",
    "name_ar": "الإضاءة بالصمامات الثنائية",
    "replaces_en": "Fluorescent lamps",
    "replaces_fr": "Lampes fluorescentes",
    "description_en": "Diode lamps for general lighting.",
    "description_fr": "Lampes à diodes pour l'éclairage général.",
    "sector": "products",
    "maturity": "widespread",
    "providers": ["other-ngo"],
    "countries": ["MEX", "GHA"],
    "case_studies": ["led-case"],
    "published": True,
}


@pytest.fixture
def entry(personas: Any) -> Technology:
    """The editor's entry, with a case study in English and its French translation."""
    case = add_resource("led-case", "Switching a city to LED", "A city replaced its lamps.")
    french = add_resource("led-cas", "Une ville passe aux LED", "Une ville a remplacé ses lampes.",
                          language="fr")  # fmt: skip
    french.translation_group = case.translation_group
    french.save(update_fields=["translation_group"])
    tech, _ = save_technology(personas.partner.user, LED)
    return tech


def _text(built: Built) -> str:
    parts: list[str] = []
    for b in built.blocks:
        parts.append(b.text)
        parts += [" | ".join(r) for r in b.rows]
    return "\n".join(parts)


def test_review_writes_each_edition_from_the_catalogue_in_its_language(entry):
    fr = _text(technology.build_report("fr"))
    assert "Éclairage LED" in fr and "Lampes fluorescentes" in fr
    assert "Lampes à diodes pour l'éclairage général." in fr and "LED lighting" not in fr
    assert "Other NGO" in fr  # the catalogue's providers
    assert "Ghana et Mexique" in fr  # countries where applied, named in French, English order
    assert "Une ville passe aux LED" in fr and "Switching a city" not in fr  # its translation
    en = _text(technology.build_report("en"))
    assert "LED lighting" in en and "Ghana and Mexico" in en and "Switching a city to LED" in en
    ar = technology.build_report("ar")
    ar_text = _text(ar)
    assert "الإضاءة بالصمامات الثنائية" in ar_text  # the Arabic name
    # no Arabic description or use replaced: English, starred in the table and said
    rows = [r for b in ar.blocks if b.kind == "table" for r in b.rows]
    assert rows[0][0] == "الإضاءة بالصمامات الثنائية" and rows[0][1] == "Fluorescent lamps *"
    described = [b for b in ar.blocks if b.kind == "text" and "Diode lamps" in b.text]
    assert described and described[0].lang == "en"
    assert "المكسيك" in ar_text and "غانا" in ar_text
    ru = _text(technology.build_report("ru"))
    assert "LED lighting *" in ru  # no Russian name: English, starred


def test_review_rebuilds_a_snapshot_frozen_before_the_catalogue(ref_world):
    data = {
        "technologies": [
            {"name": "Retorts", "replaces": "open burning", "sector": "mining",
             "maturity": "commercial", "providers": ["UNIDO"], "case_studies": 2}
        ],
        "items": [],
    }  # fmt: skip
    rows = [r for b in technology.build(data, "fr").blocks if b.kind == "table" for r in b.rows]
    assert rows[0][0] == "Retorts *" and rows[0][-1] == "2"


def test_pages_show_the_entry_in_the_page_language(entry, personas):
    client = personas.anon.client
    url = f"/matching/technologies/{entry.slug}/"
    for lang, name, replaced in (
        ("fr", "Éclairage LED", "Lampes fluorescentes"),
        ("ar", "الإضاءة بالصمامات الثنائية", "Fluorescent lamps"),
        ("ru", "LED lighting", "Fluorescent lamps"),
    ):
        client.cookies["django_language"] = lang
        page = client.get(url).content.decode()
        assert f'dir="auto">{name}</h1>' in page, lang
        assert replaced in page, lang
        listing = client.get("/matching/technologies/").content.decode()
        assert f'dir="auto">{name}</a>' in listing, lang
    # Arabic: the name is translated, the rest is not: the page says it shows English
    client.cookies["django_language"] = "ar"
    page = client.get(url).content.decode()
    assert 'lang="en" dir="auto">Fluorescent lamps' in page and 'class="note"' in page
    assert "Une ville passe aux LED" not in page and "Switching a city to LED" in page
    client.cookies["django_language"] = "fr"
    page = client.get(url).content.decode()
    assert "Une ville passe aux LED" in page  # the case study's French edition
    assert "Ghana" in page and "Mexique" in page and "Test Regional Centre" in page  # maintainer
    client.cookies["django_language"] = "en"
    assert 'class="note"' not in client.get(url).content.decode()


def test_who_maintains_and_who_sees_per_persona(personas):
    """An editor keeps its organisation's entries, not another's; the officer keeps all; the
    public and focal points see only published entries; the editor sees its own drafts."""
    partner, officer = personas.partner.user, personas.officer.user
    plain = {**LED, "case_studies": []}
    own, _ = save_technology(partner, {**plain, "published": False})
    save_technology(
        officer, {**plain, "slug": "solar", "name_en": "Solar", "organisation": "other-ngo",
                  "published": False},
    )  # fmt: skip
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        save_technology(partner, {"slug": "solar", "name_en": "Mine now"})
    assert Technology.objects.get(slug="solar").name == "Solar"
    save_technology(officer, {"slug": own.slug, "name_es": "Iluminación LED"})
    save_technology(partner, {"slug": own.slug, "name_ru": "Светодиодное освещение"})
    own.refresh_from_db()
    assert own.name_es == "Iluminación LED" and own.name_ru == "Светодиодное освещение"
    expected = {
        "officer": {"led-lighting", "solar"},
        "partner": {"led-lighting"},
        "fp_a": set(),
        "fp_b": set(),
        "anon": set(),
    }
    for name, slugs in expected.items():
        client = getattr(personas, name).client
        listing = client.get("/matching/technologies/").content.decode()
        seen = {s for s in ("led-lighting", "solar") if f"/technologies/{s}/" in listing}
        assert seen == slugs, name
        for slug in ("led-lighting", "solar"):
            status = client.get(f"/matching/technologies/{slug}/").status_code
            assert status == (200 if slug in slugs else 404), (name, slug)
    # the public review counts the published entries only; the working copy counts drafts
    assert not technology.collect()["technologies"]
    assert len(technology.collect(published_only=False)["technologies"]) == 2


@pytest.mark.integration
def test_the_demo_has_an_entry_maintained_by_an_editor(ref_world: Any, library: Any) -> None:
    """The demo hands sorbent injection to BCRC China through the service; its editor writes
    the Chinese, French and Arabic texts (an audit record by the editor); a second load
    records nothing more."""
    import io

    from minamata_kb.accounts.models import Role
    from minamata_kb.accounts.services import ensure_user
    from minamata_kb.audit.models import ChangeRecord
    from minamata_kb.matching import demo
    from minamata_kb.registry.models import Organisation

    Organisation.objects.create(slug="bcrc-china", name="BCRC China", kind="brs_centre")
    ensure_user("officer", "pw-officer", Role.Kind.OFFICER)
    editor = ensure_user("editor-bcrc-china", "pw-e", Role.Kind.ORG_EDITOR,
                         organisation=Organisation.objects.get(slug="bcrc-china"))  # fmt: skip
    for ref in ("demo-res-006", "demo-res-035"):
        add_resource(ref, f"Case {ref}", "Sorbent injection at a coal plant.")
    out = io.StringIO()
    demo.load(out)
    tech = Technology.objects.get(slug="sorbent-injection")
    assert tech.organisation is not None
    assert tech.organisation.slug == "bcrc-china" and tech.name_ar.startswith("حقن")
    by_editor = ChangeRecord.objects.filter(entity="matching.technology", actor=editor)
    assert by_editor.count() == 1
    after = by_editor.get().after
    assert after is not None and "name_ar" in after
    demo.load(out)
    assert by_editor.count() == 1
    assert "editor maintains sorbent-injection (unchanged)" in out.getvalue()
