"""Every UI string is translated into the five other UN languages."""

from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "minamata_kb"
LANGS = ["ar", "zh_Hans", "fr", "ru", "es"]
CATALOGUES = sorted(SRC.glob("**/locale/*/LC_MESSAGES/django.po"))


def test_catalogues_exist_for_every_language():
    assert CATALOGUES
    roots = {p.parents[2] for p in CATALOGUES}
    for root in roots:
        for lang in LANGS:
            assert (root / lang / "LC_MESSAGES" / "django.po").exists(), (root, lang)
            assert (root / lang / "LC_MESSAGES" / "django.mo").exists(), (root, lang)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_untranslated_or_fuzzy_strings(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated and not fuzzy, {"untranslated": untranslated[:10], "fuzzy": fuzzy[:10]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang, word",
    [
        ("es", "Partes"),
        ("fr", "Parties à la Convention"),
        ("ru", "Стороны"),
        ("zh-hans", "缔约方"),
        ("ar", "الأطراف"),
    ],
)
def test_pages_are_translated(client, lang, word):
    client.cookies["django_language"] = lang
    assert word in client.get("/registry/parties/").content.decode()
