"""The programme note (seed Sections I–V) from a meeting's records: editions, trace, refusal."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from babel.dates import format_date as babel_date
from babel.dates import get_month_names
from django.core.management import call_command
from django.core.management.base import CommandError

from minamata_kb.core.languages import CLDR_LOCALE, CONTENT_LANGUAGES
from minamata_kb.documents import demo, programme_note, services
from minamata_kb.documents.meetings import MeetingDocument
from minamata_kb.documents.models import Document
from minamata_kb.documents.snapshot import take_meeting_snapshot
from minamata_kb.publishing import formatting, render

HEADINGS = ("I. ", "II. ", "III. ", "IV. ", "V. ")


@pytest.fixture
def note(demo_call: Any) -> MeetingDocument:
    demo.load(io.StringIO())
    return MeetingDocument.objects.get(symbol="UNEP/MC/COP.4/14")


def _md(data: dict[str, Any], lang: str, **kw: Any) -> str:
    text, _ = render.to_markdown(programme_note.build(data, lang, **kw))
    return text


@pytest.mark.django_db
def test_every_edition_has_the_five_sections_and_translated_page_one(note):
    snap = take_meeting_snapshot(None, note)
    for lang in CONTENT_LANGUAGES:
        text = _md(snap.data, lang)
        headings = [line for line in text.splitlines() if line.startswith("## ")]
        assert len(headings) == 5, (lang, headings)
        assert text.startswith("UNEP/MC/COP.4/14")
        assert note.title[lang] in text and note.meeting.name[lang] in text
        assert note.agenda_item.title[lang] in text
    zh = _md(snap.data, "zh")
    assert "Capacity-building and technical assistance programme" not in zh
    en = _md(snap.data, "en")
    assert "In total, 14 submissions from 13 parties were received" in en
    assert "Global Environment Facility: 2 (Canada and Japan)" in en  # support by channel
    assert "| Theme | Parties | Need |" in en  # substance by theme
    # nothing invented: sections without records for the period say so
    assert "No request for assistance from a party is recorded for the period." in en
    assert "No Minamata Online session is recorded for the period." in en


@pytest.mark.django_db
def test_suggested_action_cites_symbols_from_the_records(note):
    en = _md(take_meeting_snapshot(None, note).data, "en")
    assert "submissions compiled in UNEP/MC/COP.4/INF/23" in en
    assert "[annex]" not in en
    assert "national reports received is UNEP/MC/COP.4/16." in en
    annex = note.meeting.documents.get(kind="annex")
    annex.symbol = "UNEP/MC/COP.4/INF/99"
    annex.save()
    assert "compiled in UNEP/MC/COP.4/INF/99" in _md(take_meeting_snapshot(None, note).data, "en")


@pytest.mark.django_db
def test_internal_edition_traces_paragraphs_public_edition_does_not(note):
    snap = take_meeting_snapshot(None, note)
    internal = _md(snap.data, "en", snapshot_id=snap.pk, internal=True)
    public = _md(snap.data, "en", snapshot_id=snap.pk)
    assert "Appendix (internal)" in internal and f"SNAP-{snap.pk}" in internal
    first = min(s["id"] for s in snap.data["submissions"]["submissions"])
    assert f"S-{first}–" in internal and "ST-" in internal
    assert "Appendix" not in public and "ST-" not in public


@pytest.mark.django_db
def test_missing_record_text_refuses_the_edition_and_draft_marks_it(note):
    note.title.pop("ru")
    note.save()
    agenda = note.agenda_item
    agenda.title["ru"] = ""
    agenda.save()
    data = take_meeting_snapshot(None, note).data
    with pytest.raises(programme_note.MissingTranslations) as exc:
        programme_note.build(data, "ru")
    assert exc.value.missing == ["title of UNEP/MC/COP.4/14", "title of agenda item 4 (f)"]
    draft = _md(data, "ru", draft=True)
    assert "[[ru? Capacity-building and technical assistance programme" in draft
    assert _md(data, "fr")  # the other editions still build
    with pytest.raises(CommandError, match="not translated into ru: title of UNEP"):
        call_command("report_programme_note", "--lang", "ru", "--format", "md", "-o", "/dev/null")


@pytest.mark.django_db
def test_a_rebuilt_edition_is_identical_from_its_meeting_snapshot(note, tmp_path):
    doc1, data1, _ = services.generate_programme_note(None, note, "note", "fr", "md")
    doc2, data2, _ = services.generate_programme_note(None, note, "note", "fr", "md")
    assert doc1.snapshot_id == doc2.snapshot_id and data1 == data2
    assert doc1.meeting_document_id == note.pk and doc1.kind == "programme_note"
    note.meeting.name["fr"] = "Quatrième réunion (renommée)"
    note.meeting.save()
    doc3, data3, _ = services.generate_programme_note(None, note, "note", "fr", "md")
    assert doc3.snapshot_id != doc1.snapshot_id and b"renomm" in data3
    again, _ = services.programme_note_bytes(doc1.snapshot, "note", "fr", "md")
    assert again == data1  # the old snapshot still builds the old edition
    out = tmp_path / "note.md"
    call_command("report_programme_note", "--kind", "all", "--format", "md", "-o", str(out))
    assert out.exists() and (tmp_path / "note-annex.md").exists()
    assert Document.objects.filter(kind="annex", meeting_document=note).exists()


def _expected_dates(data: dict[str, Any], lang: str) -> set[str]:
    iso = set(re.findall(r"\b(\d{4}-\d{2}-\d{2})", repr(data)))
    out: set[str] = set()
    for value in iso:
        for loc in {CLDR_LOCALE[lang], "en_GB"}:
            out.add(babel_date(formatting.as_date(value), "long", locale=loc))
    return out


def _found_dates(text: str, lang: str) -> list[str]:
    if lang == "zh":
        found = re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", text)
    else:
        found = []
    for loc in {CLDR_LOCALE[lang], "en_GB"}:
        months = "|".join(re.escape(m) for m in get_month_names("wide", locale=loc).values())
        pattern = rf"\d{{1,2}}(?: de)? (?:{months})(?: de)? \d{{4}}(?:\u202fг\.)?"
        found += re.findall(pattern, text)
    return found


@pytest.mark.django_db
def test_every_date_of_every_edition_is_the_cldr_date(note):
    snap = take_meeting_snapshot(None, note)
    for lang in CONTENT_LANGUAGES:
        text = _md(snap.data, lang, snapshot_id=snap.pk, internal=True)
        found = _found_dates(text, lang)
        assert len(found) >= 6, (lang, found)
        expected = _expected_dates(snap.data, lang)
        assert not set(found) - expected, (lang, set(found) - expected)
    ar = _md(snap.data, "ar")
    assert "13 ديسمبر 2019" in ar and "أكتوبر" not in ar  # the old hand table's bug


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    # direction marks and isolates the renderer adds around Latin and digit runs
    return re.sub("[\u200e\u200f\u2066-\u2069]", "", "\n".join(parts))


@pytest.mark.django_db
@pytest.mark.integration
def test_every_date_of_every_docx_edition_is_the_cldr_date(note):
    snap = take_meeting_snapshot(None, note)
    for lang in CONTENT_LANGUAGES:
        data, _ = services.programme_note_bytes(snap, "note", lang, "docx", internal=True)
        text = _docx_text(data)
        found = _found_dates(text, lang)
        assert len(found) >= 6, (lang, found)
        assert not set(found) - _expected_dates(snap.data, lang), lang


@pytest.mark.django_db
def test_submissions_note_page_one_is_in_the_edition_language(note):
    from minamata_kb.documents import builders
    from minamata_kb.documents.snapshot import take_snapshot

    data = take_snapshot(None, note.call).data
    zh, _ = render.to_markdown(builders.build("note", data, "zh", chart=False))
    page_one = zh.split("## ")[0]
    assert note.title["zh"] in page_one and note.meeting.name["zh"] in page_one
    assert "Capacity-building" not in page_one and "fourth meeting" not in page_one
    note.title["ar"] = ""
    note.save()
    data = take_snapshot(None, note.call).data
    with pytest.raises(programme_note.MissingTranslations, match="title of call"):
        builders.build("note", data, "ar", chart=False)
    drafted = builders.build("annex", data, "ar", draft=True)
    assert "[[ar? Capacity-building" in drafted.title


@pytest.mark.django_db
def test_naming_parties_under_needs_is_a_choice_of_the_note(note):
    en = _md(take_meeting_snapshot(None, note).data, "en")
    assert "needs. They are:" not in en
    note.list_parties_under_needs = True
    note.save()
    en = _md(take_meeting_snapshot(None, note).data, "en")
    assert "technical assistance needs. They are: Ecuador, Gambia, " in en
