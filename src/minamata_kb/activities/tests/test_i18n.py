"""Every UI string of both apps is translated into the five other UN languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

APPS = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("app", ["activities", "assistance"])
@pytest.mark.parametrize("lang", ["ar", "zh_Hans", "fr", "ru", "es"])
def test_catalogues_are_complete_and_compiled(app, lang):
    po = APPS / app / "locale" / lang / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_size > 1000
    text = po.read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1]
    assert 'msgstr ""\n\n' not in body + "\n", f"untranslated entries in {po}"
    assert "#, fuzzy" not in body


@pytest.mark.django_db
def test_pages_speak_the_visitors_language(personas, acts):
    for lang, word in [
        ("fr", "Activités"),
        ("zh-hans", "活动"),
        ("ar", "الأنشطة"),
        ("ru", "Мероприятия"),
        ("es", "Actividades"),
    ]:
        with translation.override(lang):
            r = personas.anon.client.get("/activities/", HTTP_ACCEPT_LANGUAGE=lang)
        assert word in r.content.decode(), lang
    r = personas.anon.client.get("/assistance/", HTTP_ACCEPT_LANGUAGE="fr")
    assert (
        "Demandes d&#x27;assistance" in r.content.decode()
        or "Demandes d'assistance" in r.content.decode()
    )
