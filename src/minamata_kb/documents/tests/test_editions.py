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
    listed = personas.anon.client.get("/api/v1/documents").json()["items"]
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


@pytest.mark.integration
def test_the_review_passes_the_conference_checks(ref_world):
    """The same checks as the note: symbol in the header of every page, page numbers, language
    tags and right-to-left section in Arabic."""
    import io
    import re
    import zipfile

    from pypdf import PdfReader

    from minamata_kb.matching import technology
    from minamata_kb.matching.models import Need
    from minamata_kb.publishing import render, word
    from minamata_kb.taxonomy.models import Topic

    topic, _ = Topic.objects.get_or_create(slug=technology.TECH_TOPIC,
                                           defaults={"name_en": "Technology transfer"})  # fmt: skip
    for i in range(40):  # enough distinct needs for several pages
        need = Need.objects.create(
            party=ref_world.party_a, published=True,
            text=f"Need {i}: mercury-free equipment for miners (gravity tables) and training.",
        )  # fmt: skip
        need.topics.add(topic)
    built = technology.build_report("ar")
    symbol = built.blocks[0].data[0]
    with zipfile.ZipFile(io.BytesIO(word.to_docx(built))) as z:
        document = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
        headers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/header")]
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert any(symbol in h for h in headers) and all("PAGE" in f for f in footers)
    sect = re.search(r"<w:sectPr.*?</w:sectPr>", document, re.S)
    assert sect is not None
    assert 'w:bidi="ar-SA"' in styles and "<w:bidi/>" in sect.group(0)
    reader = PdfReader(io.BytesIO(render.to_pdf(built)))
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert symbol in text and text.strip().splitlines()[-1].strip() == str(number)
