"""The toolkit's own pieces: its phrases are translated in its own catalogue, and the kinds'
input is frozen and kept by the archive the documents app provides."""

from __future__ import annotations

from pathlib import Path

import pytest

from minamata_kb.core.tests.catalogues import TRANSLATED, untranslated
from minamata_kb.publishing import editions, texts


def test_the_shared_phrases_are_translated_in_the_toolkits_catalogue() -> None:
    base = Path(texts.__file__).parent / "locale"
    for folder in TRANSLATED:
        assert untranslated(base, folder, texts.PHRASES.values()) == [], folder
    assert texts.t("fr", "distr") == "Distr. générale"
    assert texts.t("zh", "conference") == "关于汞的水俣公约缔约方大会"
    assert texts.t("ar", "conference") == "مؤتمر الأطراف في اتفاقية ميناماتا بشأن الزئبق"


def test_the_notes_phrases_fall_back_to_the_shared_ones() -> None:
    from minamata_kb.documents import texts as note

    assert not set(note.PHRASES) & set(texts.PHRASES)
    assert note.t("es", "original") == texts.t("es", "original") == "Original: inglés"
    assert note.t("fr", "note_by") == "Note du secrétariat"


def test_the_documents_app_is_the_archive() -> None:
    from minamata_kb.documents import editions as archive

    assert editions.current_archive() is archive


def test_without_an_archive_nothing_is_frozen() -> None:
    from minamata_kb.documents import editions as archive

    editions.provide_archive(None)
    try:
        with pytest.raises(RuntimeError, match="documents app is not installed"):
            editions.freeze(None, "technology", {})
    finally:
        editions.provide_archive(archive)


def test_a_record_text_in_an_edition_language() -> None:
    assert texts.text_in({"en": "Fourth meeting ", "fr": ""}, "en") == "Fourth meeting"
    assert texts.text_in({"en": "Fourth meeting", "fr": ""}, "fr") == ""
    assert texts.text_in(None, "ar") == ""
