"""The analysis of national reports and the technology review on the COP documents page: built
by the secretariat from a frozen snapshot, listed, downloadable and in the API like the note."""

from __future__ import annotations

import datetime as dt

import pytest

from minamata_kb.documents import editions
from minamata_kb.documents.meetings import Meeting, MeetingDocument
from minamata_kb.documents.models import Document

pytestmark = pytest.mark.django_db


def test_technology_review_is_built_listed_and_served(personas):
    for persona in [personas.fp_a, personas.partner, personas.anon]:
        r = persona.client.post(
            "/documents/", {"kind": "technology", "lang": "ar", "format": "docx"}
        )
        assert r.status_code == 403 and not Document.objects.exists(), persona.name
    r = personas.officer.client.post(
        "/documents/", {"kind": "technology", "lang": "ar", "format": "docx"}
    )
    assert r.status_code == 302, r.content[:500]
    doc = Document.objects.get()
    assert doc.kind == "technology" and doc.snapshot.call_id is None
    assert doc.snapshot.data["place"]["symbol"] == editions.DRAFT_SYMBOL
    page = personas.anon.client.get("/documents/").content.decode()
    assert f"DOC-{doc.pk}" in page
    listed = personas.anon.client.get("/api/v1/documents").json()
    assert [(d["id"], d["kind"], d["call"]) for d in listed] == [(doc.pk, "technology", None)]
    snap = personas.anon.client.get(f"/api/v1/snapshots/{doc.snapshot_id}").json()
    assert snap["call"] is None and snap["data"]["document_kind"] == "technology"
    download = personas.anon.client.get(f"/documents/{doc.pk}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"


def test_a_meeting_record_gives_the_symbol_and_names_the_file(personas):
    meeting = Meeting.objects.create(
        number=5, name={"en": "Fifth meeting"},
        start_date=dt.date(2023, 10, 30), end_date=dt.date(2023, 11, 3),
    )  # fmt: skip
    MeetingDocument.objects.create(
        meeting=meeting, symbol="UNEP/MC/COP.5/INF/7", kind="technology",
        date=dt.date(2023, 8, 1), title={"en": "Alternative technologies: review"},
    )  # fmt: skip
    doc, data = editions.generate(personas.officer.user, "technology", "en", "md")
    text = data.decode("utf-8")
    assert "UNEP/MC/COP.5/INF/7" in text and "1 August 2023" in text
    assert "# Alternative technologies: review" in text and "Fifth meeting" in text
    assert doc.meeting_document is not None and doc.snapshot.meeting_id == meeting.pk
    r = personas.anon.client.get(f"/documents/{doc.pk}/download/")
    assert "UNEP-MC-COP.5-INF-7" in r["Content-Disposition"]
