"""The COP meeting pages: anyone reads, only the secretariat edits and builds (build item 1)."""

from __future__ import annotations

import pytest

from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.documents.meetings import AgendaItem, Meeting, MeetingDocument
from minamata_kb.documents.models import Document


def _six(prefix: str, text: str) -> dict[str, str]:
    return {f"{prefix}_{lang}": f"{text} ({lang})" for lang in CONTENT_LANGUAGES}


MEETING = {
    "number": 5,
    "start_date": "2023-10-30",
    "end_date": "2023-11-03",
    **_six("name", "COP-5"),
}


@pytest.mark.django_db
def test_only_the_secretariat_adds_and_edits_meetings(personas):
    for persona in (personas.fp_a, personas.partner, personas.anon):
        assert persona.client.post("/documents/meetings/", MEETING).status_code == 403
    assert Meeting.objects.count() == 0
    officer = personas.officer.client
    r = officer.post("/documents/meetings/", MEETING)
    meeting = Meeting.objects.get(number=5)
    assert r.status_code == 302 and meeting.name["zh"] == "COP-5 (zh)" and meeting.venue == {}
    r = officer.post(
        f"/documents/meetings/{meeting.pk}/",
        {"form": "item", "number": "5 (c)", "position": 3, **_six("title", "CB and TA")},
    )
    item = AgendaItem.objects.get(meeting=meeting)
    assert r.status_code == 302 and item.title["ar"] == "CB and TA (ar)"
    bad = {"form": "document", "symbol": "UNEP/MC/COP.4/14", "kind": "programme_note",
           "agenda_item": item.pk, "date": "2023-08-01", "original_language": "en",
           **_six("title", "Programme")}  # fmt: skip
    r = officer.post(f"/documents/meetings/{meeting.pk}/", bad)
    assert r.status_code == 200 and "names COP.4 but the meeting is COP-5" in r.content.decode()
    r = officer.post(f"/documents/meetings/{meeting.pk}/", {**bad, "symbol": "UNEP/MC/COP5/14"})
    assert "is not a COP document symbol" in r.content.decode()
    r = officer.post(
        f"/documents/meetings/{meeting.pk}/",
        {**bad, "symbol": "UNEP/MC/COP.5/14", "action_en": "Take note of [nonsense]."},
    )
    assert "Unknown document kinds cited: nonsense" in r.content.decode()
    r = officer.post(f"/documents/meetings/{meeting.pk}/", {**bad, "symbol": "UNEP/MC/COP.5/14"})
    assert r.status_code == 302
    doc = MeetingDocument.objects.get(symbol="UNEP/MC/COP.5/14")
    assert doc.title["ru"] == "Programme (ru)" and doc.action == {}
    r = officer.post(
        f"/documents/meetings/{meeting.pk}/",
        {**bad, "symbol": "UNEP/MC/COP.5/14", "kind": "annex"},
    )
    assert "with this Symbol already exists" in r.content.decode()  # unique
    for persona in personas.all:
        page = persona.client.get(f"/documents/meetings/{meeting.pk}/").content.decode()
        assert "UNEP/MC/COP.5/14" in page
        assert ("Add a document" in page) == (persona is personas.officer)
    assert (
        personas.fp_a.client.get(
            f"/documents/meetings/{meeting.pk}/documents/{doc.pk}/"
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_the_programme_note_is_built_from_the_meeting_page(demo_call, personas):
    meeting = Meeting.objects.get(number=4)
    r = personas.fp_a.client.post(
        f"/documents/meetings/{meeting.pk}/",
        {"form": "build", "kind": "note", "lang": "fr", "format": "md"},
    )
    assert r.status_code == 403 and not Document.objects.exists()
    r = personas.officer.client.post(
        f"/documents/meetings/{meeting.pk}/",
        {"form": "build", "kind": "note", "lang": "fr", "format": "md", "internal": "on"},
    )
    assert r.status_code == 302
    doc = Document.objects.get()
    assert doc.kind == "programme_note" and doc.meeting_document is not None
    assert doc.meeting_document.symbol == "UNEP/MC/COP.4/14"
    body = b"".join(personas.anon.client.get(f"/documents/{doc.pk}/download/").streaming_content)
    assert "Programme de renforcement des capacités".encode() in body
    assert b"Appendice (usage interne)" in body
    note = MeetingDocument.objects.get(symbol="UNEP/MC/COP.4/14")
    note.title["es"] = ""
    note.save()
    r = personas.officer.client.post(
        f"/documents/meetings/{meeting.pk}/",
        {"form": "build", "kind": "note", "lang": "es", "format": "md"},
        follow=True,
    )
    assert "title of UNEP/MC/COP.4/14" in r.content.decode() and Document.objects.count() == 1


@pytest.mark.django_db
def test_api_lists_meetings_and_programme_note_editions(demo_call, personas):
    from minamata_kb.documents import services

    note = MeetingDocument.objects.get(symbol="UNEP/MC/COP.4/14")
    doc, _data, _images = services.generate_programme_note(None, note, "note", "en", "md")
    listed = personas.anon.client.get("/api/v1/documents").json()["items"]
    assert [(d["call"], d["meeting_document"]) for d in listed] == [
        (demo_call.pk, "UNEP/MC/COP.4/14")
    ]
    snap = personas.anon.client.get(f"/api/v1/snapshots/{doc.snapshot_id}").json()
    assert snap["meeting"] == note.meeting_id
    assert len(snap["data"]["submissions"]["submissions"]) == 14
    meetings = personas.anon.client.get("/api/v1/meetings").json()["items"]
    assert meetings[0]["number"] == 4 and meetings[0]["agenda_items"][0]["number"] == "4 (f)"
    assert "UNEP/MC/COP.4/INF/23" in [d["symbol"] for d in meetings[0]["documents"]]
