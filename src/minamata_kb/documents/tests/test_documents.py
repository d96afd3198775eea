"""COP documents: the demo call reproduces the seed's figures; order, snapshot, formats, access."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.documents import builders, figures, texts
from minamata_kb.documents.models import Document, Snapshot
from minamata_kb.documents.snapshot import take_snapshot
from minamata_kb.publishing import formatting, render, word
from minamata_kb.submissions import services


@pytest.mark.django_db
def test_demo_note_reproduces_the_seed_figures(demo_call):
    snap = take_snapshot(None, demo_call)
    figs = figures.compute(snap.data)
    assert (figs.submissions.value, figs.parties.value) == (14, 13)
    assert figs.roles["need"].value == 5 and figs.roles["support_provided"].value == 5
    assert len(figs.organisation_reports) == 1  # a host party reporting its centre (seed ¶8)
    # themes by kind of statement: the four donors' contributions are all "finance"
    assert figs.theme_roles["finance"] == {
        "need": 0, "challenge": 0, "support_received": 0, "support_provided": 4,
        "example_success": 0, "resource": 0,
    }  # fmt: skip
    note = builders.build("note", snap.data, "en", snap.pk, chart=False)
    text, _images = render.to_markdown(note)
    assert "14 submissions from 13 parties" in text
    # every figure is traced to record ids in the appendix
    first = min(s["id"] for s in snap.data["submissions"])
    assert "Appendix: sources of the figures" in text and "ST-" in text and f"S-{first}," in text
    assert "| Need | 5 |" in text and "| Support provided | 5 |" in text


@pytest.mark.django_db
def test_submitters_are_in_english_alphabetical_order_in_every_edition(demo_call):
    snap = take_snapshot(None, demo_call)
    figs = figures.compute(snap.data)
    english = [figs.party_names_en[c] for c in figs.parties.parties]
    assert english == formatting.sort_names(english)
    names = {s["party"]["code"]: s["party"]["names"] for s in snap.data["submissions"]}
    for lang in CONTENT_LANGUAGES:
        text, _ = render.to_markdown(builders.build("note", snap.data, lang, snap.pk, chart=False))
        para = next(line for line in text.splitlines() if line.startswith("2."))
        positions = [para.index(names[c][lang]) for c in figs.parties.parties]
        assert positions == sorted(positions), lang
    zh, _ = render.to_markdown(builders.build("note", snap.data, "zh", snap.pk, chart=False))
    assert "13个缔约方的14份提交材料" in zh and "阿根廷、加拿大" in zh


@pytest.mark.django_db
def test_snapshot_is_frozen_and_only_confirmed_current_data_counts(demo_call, personas):
    first = take_snapshot(None, demo_call)
    assert take_snapshot(None, demo_call).pk == first.pk  # unchanged data: same snapshot
    # a proposed statement changes nothing; a withdrawn submission stops counting
    sub = demo_call.submissions.get(party__code="USA")
    services.withdraw_submission(personas.officer.user, sub, "replaced by a later version")
    second = take_snapshot(None, demo_call)
    assert second.pk != first.pk
    assert figures.compute(second.data).submissions.value == 13
    assert figures.compute(second.data).roles["support_provided"].value == 4
    assert figures.compute(Snapshot.objects.get(pk=first.pk).data).submissions.value == 14
    with pytest.raises(ValueError):
        first.save()
    # a new version replaces the old one in the counts (one submission, not two)
    can = demo_call.submissions.get(party__code="CAN")
    services.submit(
        personas.officer.user,
        demo_call,
        party=can.party,
        upload=("canada-v2.txt", b"Version 2 of Canada's submission."),
        replaces=can,
    )
    third = take_snapshot(None, demo_call)
    assert figures.compute(third.data).submissions.value == 13
    assert figures.compute(third.data).roles["support_provided"].value == 3


@pytest.mark.django_db
def test_annex_reproduces_each_submission_as_received_with_contents(demo_call):
    snap = take_snapshot(None, demo_call)
    text, _ = render.to_markdown(builders.build("annex", snap.data, "en"))
    assert text.count("](#s-") == 14 and "Contents" in text
    oman = demo_call.submissions.get(party__code="OMN")
    assert oman.sha256 in text and "received after the deadline" in text
    assert "مساهمة سلطنة عُمان" in text  # the Arabic original, as received
    zh, _ = render.to_markdown(builders.build("annex", snap.data, "zh"))
    assert "目录" in zh and "阿拉伯文" in zh


@pytest.mark.django_db
@pytest.mark.integration
def test_docx_and_pdf_open_and_read(demo_call):
    import docx
    from pypdf import PdfReader

    snap = take_snapshot(None, demo_call)
    note = builders.build("note", snap.data, "en", snap.pk)
    document = docx.Document(io.BytesIO(word.to_docx(note)))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "14 submissions from 13 parties" in body and "UNEP/MC/COP.4/DEMO/14" in body
    assert document.inline_shapes  # the chart
    pdf = render.to_pdf(note)
    reader = PdfReader(io.BytesIO(pdf))
    assert "14 submissions from 13 parties" in reader.pages[0].extract_text()
    ar_note = builders.build("note", snap.data, "ar", chart=False)
    ar = docx.Document(io.BytesIO(word.to_docx(ar_note)))
    assert any("طرفاً" in p.text for p in ar.paragraphs)


@pytest.mark.django_db
def test_report_command_writes_files(demo_call, tmp_path):
    out = tmp_path / "note.md"
    call_command("report_submissions", "--call", "latest", "--lang", "fr", "--format", "md",
                 "--kind", "all", "-o", str(out), stderr=io.StringIO())  # fmt: skip
    assert "14 communications émanant de 13 Parties" in out.read_text(encoding="utf-8")
    assert (tmp_path / "note-annex.md").exists() and (tmp_path / "note-figure-1.png").exists()
    assert Document.objects.count() == 2
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("report_submissions", "--call", "999", "-o", str(out))


@pytest.mark.django_db
def test_document_pages_and_api_boundaries(demo_call, personas):
    for persona in [personas.fp_a, personas.fp_b, personas.partner, personas.anon]:
        r = persona.client.post(
            "/documents/", {"call": demo_call.pk, "kind": "note", "lang": "en", "format": "md"}
        )
        assert r.status_code == 403 and Document.objects.count() == 0, persona.name
    r = personas.officer.client.post(
        "/documents/", {"call": demo_call.pk, "kind": "note", "lang": "en", "format": "md"}
    )
    assert r.status_code == 302
    doc = Document.objects.get()
    for persona in personas.all:
        assert persona.client.get(f"/documents/{doc.pk}/download/").status_code == 200
        listed = persona.client.get("/api/v1/documents").json()["items"]
        assert [d["id"] for d in listed] == [doc.pk]
    snap = personas.anon.client.get(f"/api/v1/snapshots/{doc.snapshot_id}").json()
    assert len(snap["data"]["submissions"]) == 14


def test_plural_rules():
    assert texts.submissions_from_parties("en", 1, 1) == "1 submission from 1 party"
    assert texts.submissions_from_parties("ru", 14, 13) == "14 представлений от 13 Сторон"
    assert texts.submissions_from_parties("ru", 22, 21) == "22 представления от 21 Стороны"
    assert texts.submissions_from_parties("ar", 14, 13) == "14 ورقة مقدمة من 13 طرفاً"
    assert texts.submissions_from_parties("ar", 5, 2) == "5 ورقات مقدمة من طرفين"
    assert texts.date("zh", "2019-12-13") == "2019年12月13日"
    assert texts.date("es", "2019-12-13") == "13 de diciembre de 2019"
    assert texts.join("en", ["A", "B", "C"]) == "A, B and C"
    assert texts.join("zh", ["甲", "乙", "丙"]) == "甲、乙和丙"
