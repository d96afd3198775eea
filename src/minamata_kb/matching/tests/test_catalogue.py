"""The technology catalogue (issue 18 item 1, the catalogue part): six-language entries kept
by the secretariat and the maintaining organisation's editors, audited, with their history;
the export imports back unchanged; a bad file is refused whole."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.core.importing import ImportRejected
from minamata_kb.matching.catalogue import (
    COLUMNS,
    export_csv,
    export_rows,
    import_technologies,
    save_technology,
)
from minamata_kb.matching.models import Technology

pytestmark = pytest.mark.django_db

LED = {
    "slug": "led-lighting",
    "name_en": "LED lighting",
    "name_fr": "Éclairage LED",
    "name_zh": "LED 照明",
    "name_ar": "الإضاءة بالصمامات الثنائية",
    "replaces_en": "Mercury-containing fluorescent lamps",
    "replaces_fr": "Lampes fluorescentes contenant du mercure",
    "description_en": 'Lamps with "no mercury"; a comma, a semicolon; and =formula-like text',
    "cost_notes": "Higher purchase price, lower running cost.",
    "sector": "products",
    "maturity": "widespread",
    "topics": ["products"],
    "articles": [4],
    "providers": ["bcrc-test"],
    "countries": ["GHA", "MEX"],
    "published": True,
}


def test_the_secretariat_and_the_maintaining_editor_keep_entries(personas):
    partner, officer = personas.partner.user, personas.officer.user
    tech, outcome = save_technology(partner, LED)
    assert outcome == "created" and tech.organisation == personas.world.org  # its own entry
    assert tech.name_fr == "Éclairage LED" and tech.name == "LED lighting"
    assert sorted(tech.countries.values_list("iso3", flat=True)) == ["GHA", "MEX"]
    other, _ = save_technology(
        officer,
        {**LED, "slug": "solar-dryers", "name_en": "Solar dryers", "organisation": "other-ngo"},
    )
    with pytest.raises(PermissionDenied):
        save_technology(partner, {"slug": "solar-dryers", "name_fr": "Séchoirs"})
    with pytest.raises(PermissionDenied):  # nor hand its entry to another organisation
        save_technology(partner, {"slug": "led-lighting", "organisation": "other-ngo"})
    for p in (personas.fp_a, personas.fp_b):
        with pytest.raises(PermissionDenied):
            save_technology(p.user, {**LED, "slug": "x-" + p.name})
    save_technology(officer, {"slug": "solar-dryers", "name_fr": "Séchoirs solaires"})
    _, outcome = save_technology(partner, {"slug": "led-lighting", "name_es": "Iluminación LED"})
    assert outcome == "updated"
    change = (
        ChangeRecord.objects.filter(entity="matching.technology", action="update")
        .order_by("id")
        .last()
    )
    assert change is not None and change.after == {"name_es": "Iluminación LED"}
    assert change.actor_label == "partner1"


def test_bad_values_are_refused_with_every_problem(personas):
    with pytest.raises(ValidationError) as exc:
        save_technology(
            personas.officer.user,
            {
                "slug": "bad slug!",
                "name_en": "",
                "sector": "astrology",
                "maturity": "old",
                "topics": ["nope"],
                "articles": ["99", "x"],
                "countries": ["ZZZ"],
                "case_studies": ["no-such-resource"],
                "published": "maybe",
            },
        )
    assert {
        "slug",
        "name_en",
        "replaces_en",
        "sector",
        "maturity",
        "topics",
        "articles",
        "countries",
        "case_studies",
        "published",
    } <= set(exc.value.message_dict)
    assert not Technology.objects.exists()


def test_export_imports_back_unchanged(personas, tmp_path):
    save_technology(personas.officer.user, LED)
    save_technology(personas.officer.user, {**LED, "slug": "a-first", "name_en": "A first"})
    rows = export_rows()
    assert [r["slug"] for r in rows] == ["a-first", "led-lighting"]  # stable order
    csv_text = export_csv(rows)
    assert csv_text.splitlines()[0] == ",".join(COLUMNS)
    assert "name_fr" in COLUMNS and "replaces_ar" in COLUMNS and "description_zh" in COLUMNS
    path = tmp_path / "tech.csv"
    path.write_text(csv_text, encoding="utf-8", newline="")
    report = import_technologies(path)
    assert report.unchanged == ["a-first", "led-lighting"] and not report.updated
    assert export_csv(export_rows()) == csv_text
    # JSON too, through the CLI
    out = tmp_path / "tech.json"
    call_command("export_technologies", "--format", "json", "-o", str(out), stderr=io.StringIO())
    data = json.loads(out.read_text())
    assert data[1]["name_ar"] == "الإضاءة بالصمامات الثنائية" and data[1]["articles"] == [4]
    err = io.StringIO()
    call_command("import_technologies", str(out), stderr=err)
    assert "unchanged 2" in err.getvalue()


def test_a_bad_file_is_refused_whole_and_dry_run_writes_nothing(personas, tmp_path):
    save_technology(personas.officer.user, LED)
    text = export_csv(export_rows())
    header, line = text.splitlines()[:2]
    good = line.replace("LED lighting", "LED lamps")
    bad = line.replace("led-lighting", "new-one").replace(
        ",products,widespread,", ",astrology,widespread,"
    )
    path = tmp_path / "t.csv"
    path.write_text("\n".join([header, good, bad]) + "\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        import_technologies(path)
    assert [(e.line, e.field) for e in exc.value.errors] == [(3, "sector")]
    assert Technology.objects.get().name == "LED lighting"
    path.write_text("\n".join([header, good]) + "\n", encoding="utf-8")
    report = import_technologies(path, dry_run=True)
    assert report.updated == ["led-lighting"] and Technology.objects.get().name == "LED lighting"
    import_technologies(path)
    assert Technology.objects.get().name == "LED lamps"


def test_history_and_restore_of_an_entry_per_persona(personas):
    tech, _ = save_technology(personas.partner.user, LED)
    save_technology(personas.partner.user, {"slug": tech.slug, "name_fr": "Lampes LED"})
    url = f"/audit/matching.technology/{tech.pk}/"
    expected = {"officer": 200, "partner": 200, "fp_a": 403, "fp_b": 403, "anon": 404}
    for name, status in expected.items():
        assert getattr(personas, name).client.get(url).status_code == status, name
    change = ChangeRecord.objects.filter(entity="matching.technology", action="update").get()
    r = personas.partner.client.post(url + "restore/", {"change": change.pk, "field": "name_fr"})
    assert r.status_code == 302
    assert Technology.objects.get(pk=tech.pk).name_fr == "Éclairage LED"


def test_catalogue_api_per_persona(personas):
    import json as _json

    body = _json.dumps({**LED, "countries": ["GHA"]})
    expected = {"anon": 401, "fp_a": 403, "fp_b": 403}
    for name, status in expected.items():
        r = getattr(personas, name).client.post(
            "/api/v1/technologies", body, content_type="application/json"
        )
        assert r.status_code == status, name
    assert not Technology.objects.exists()
    r = personas.partner.client.post("/api/v1/technologies", body, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["catalogue"]["organisation"] == "bcrc-test"
    assert r.json()["catalogue"]["name_fr"] == "Éclairage LED"
    r = personas.partner.client.post(
        "/api/v1/technologies",
        _json.dumps({"slug": "led-lighting", "sector": "astrology"}),
        content_type="application/json",
    )
    assert r.status_code == 422 and "sector" in r.content.decode()
    r = personas.officer.client.post(
        "/api/v1/technologies",
        _json.dumps({"slug": "led-lighting", "name_ru": "Светодиодное освещение"}),
        content_type="application/json",
    )
    assert r.status_code == 200 and Technology.objects.get().name_ru == "Светодиодное освещение"


def test_catalogue_pages_per_persona(personas):
    tech, _ = save_technology(personas.partner.user, LED)
    other, _ = save_technology(
        personas.officer.user,
        {**LED, "slug": "solar-dryers", "name_en": "Solar dryers", "organisation": "other-ngo"},
    )
    edit = f"/matching/technologies/{tech.slug}/edit/"
    expected = {"officer": 200, "partner": 200, "fp_a": 403, "fp_b": 403}
    for name, status in expected.items():
        assert getattr(personas, name).client.get(edit).status_code == status, name
    assert personas.anon.client.get(edit).status_code == 302  # sign in first
    refused = personas.partner.client.get(f"/matching/technologies/{other.slug}/edit/")
    assert refused.status_code == 403
    # the refusal leads back to the catalogue (it once borrowed the requests' page and link)
    assert 'href="/matching/technologies/"' in refused.content.decode()
    assert "/assistance/" not in refused.content.decode().split("<main", 1)[1]
    detail = personas.partner.client.get(f"/matching/technologies/{tech.slug}/").content.decode()
    assert edit in detail and f"/audit/matching.technology/{tech.pk}/" in detail
    assert (
        edit
        not in personas.fp_a.client.get(f"/matching/technologies/{tech.slug}/").content.decode()
    )
    form = {
        "name_en": "LED lighting",
        "name_fr": "Lampes à LED",
        "replaces_en": "Fluorescent lamps",
        "sector": "products",
        "maturity": "widespread",
        "topics": ["products"],
        "articles": ["4"],
        "countries": ["GHA"],
        "case_studies": "",
        "published": "on",
    }
    r = personas.partner.client.post(edit, form)
    assert r.status_code == 302, r.content.decode()[:2000]
    tech.refresh_from_db()
    assert tech.name_fr == "Lampes à LED" and tech.organisation == personas.world.org
    r = personas.partner.client.post(edit, {**form, "case_studies": "no-such-resource"})
    assert r.status_code == 422 and "no-such-resource" in r.content.decode()
    # a new entry by the editor is its organisation's
    r = personas.partner.client.post(
        "/matching/technologies/new/", {**form, "slug": "led-retrofit", "name_en": "LED retrofit"}
    )
    assert r.status_code == 302
    assert Technology.objects.get(slug="led-retrofit").organisation == personas.world.org
    assert personas.fp_a.client.get("/matching/technologies/new/").status_code == 403
