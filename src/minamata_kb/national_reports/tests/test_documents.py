"""The analysis document (DOCX, PDF) and the CLI that writes it; pages and API shapes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation
from docx import Document

from minamata_kb.national_reports.importer import import_national_reports

from .conftest import full_rows, write_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(nr: Any, tmp_path: Path) -> Any:
    rows = full_rows("GHA", nr.full, gap=True) + full_rows("TUV", nr.full, gap=True)
    rows += full_rows("GHA", nr.short) + full_rows("TUV", nr.short, gap=True)
    import_national_reports(write_rows(tmp_path / "r.csv", rows), publish=True)
    return nr


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
@pytest.mark.integration
def test_report_command_writes_docx_in_the_language(loaded, tmp_path, lang):
    out = tmp_path / f"a-{lang}.docx"
    call_command(
        "report_national_reports",
        "--cycle",
        "latest",
        "--lang",
        lang,
        "--format",
        "docx",
        "-o",
        str(out),
    )
    doc = Document(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    expected = {
        "en": "Analysis of national reports",
        "ar": "تحليل التقارير الوطنية",
        "zh": "国家报告的分析",
    }
    assert expected[lang] in text
    assert doc.tables and doc.inline_shapes  # tables and at least one chart


@pytest.mark.integration
def test_report_command_writes_pdf(loaded, tmp_path):
    out = tmp_path / "a.pdf"
    call_command(
        "report_national_reports",
        "--cycle",
        "full-2021",
        "--lang",
        "fr",
        "--format",
        "pdf",
        "-o",
        str(out),
    )
    assert out.read_bytes().startswith(b"%PDF")


def test_unknown_cycle_or_language_is_an_error(loaded, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("report_national_reports", "--cycle", "nope", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError):
        call_command("report_national_reports", "--lang", "de", "-o", str(tmp_path / "x"))


@pytest.mark.integration
def test_public_pages_and_downloads(loaded, client):
    for url in [
        "/national-reports/",
        "/national-reports/format/",
        "/national-reports/dashboard/",
        "/national-reports/dashboard/?cycle=short-2019",
        "/registry/parties/TUV/",
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get("/national-reports/dashboard/?cycle=full-2021").content.decode()
    assert "<svg" in page and "Tuvalu" in page
    r = client.get("/national-reports/template/full-2021.xlsx?lang=ru")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/national-reports/template/full-2021.exe").status_code == 404
    assert client.get("/national-reports/template/full-2021.xlsx?lang=de").status_code == 404
    r = client.get("/national-reports/analysis/latest.docx?lang=es")
    assert r.status_code == 200


def test_pages_are_translated(loaded, client):
    client.cookies["django_language"] = "fr"
    with translation.override("fr"):
        page = client.get(
            "/national-reports/dashboard/", HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
    assert "Domaines dans lesquels les Parties pourraient" in page


def test_api_format_and_reports(loaded, client):
    fmt = client.get("/api/v1/reporting-format").json()
    assert fmt["question_count"] == 43 and len(fmt["parts"]) == 5
    assert [q["number"] for q in fmt["questions"] if q["short_report"]] == [3, 4, 5, 24]
    assert {c["code"] for c in fmt["cycles"]} >= {"short-2019", "full-2021"}
    assert (
        client.get("/api/v1/reporting-format?version=nope").json()["error"]["code"] == "not_found"
    )
    reports = client.get("/api/v1/national-reports?cycle=full-2021&answers=true").json()
    assert reports["meta"]["count"] == 2
    # both answer "no" to Q20 and Q26, which skips their sub-questions Q21 and Q27
    assert [len(r["answers"]) for r in reports["items"]] == [41, 41]
    numbers = {a["question"] for a in reports["items"][0]["answers"]}
    assert {20, 26} <= numbers and not {21, 27} & numbers
    q15 = next(q for q in fmt["questions"] if q["number"] == 15)
    assert (q15["parent"], q15["shown_when"], q15["replaces"]) == (14, ["yes"], None)
    assert client.get("/api/v1/national-reports/analysis?cycle=nope").status_code == 404


@pytest.mark.integration
def test_analysis_is_a_cop_document_from_a_snapshot(loaded):
    """Drawn by publishing.render from a frozen snapshot: masthead with a symbol (the marked
    draft symbol, then the meeting's record), localised dates, no internal codes in the public
    editions, question texts beside their numbers, each quote once with its language."""
    import re

    from minamata_kb.documents.editions import DRAFT_SYMBOL, freeze
    from minamata_kb.documents.meetings import Meeting, MeetingDocument
    from minamata_kb.documents.models import Snapshot
    from minamata_kb.national_reports import documents
    from minamata_kb.national_reports.models import Cycle
    from minamata_kb.publishing import render

    cycle = Cycle.objects.get(code="full-2021")
    snap = freeze(None, documents.KIND, documents.collect(cycle))
    assert freeze(None, documents.KIND, documents.collect(cycle)).pk == snap.pk  # unchanged input
    assert Snapshot.objects.get(pk=snap.pk).data["document_kind"] == "national_reports"
    data = snap.data | {"snapshot": snap.pk}
    q1 = cycle.format.questions.get(number=1)
    for lang in ("en", "fr", "es", "ru", "zh", "ar"):
        built = documents.build(data, lang)
        assert built.blocks[0].kind == "header" and built.blocks[0].data[0] == DRAFT_SYMBOL
        text, _ = render.to_markdown(built)
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), lang  # no ISO dates
        assert "full-2021" not in text and "SNAP-" not in text, lang  # no internal codes
        assert (getattr(q1, f"text_{lang}") or q1.text_en) in text, lang  # text beside number
    en, _ = render.to_markdown(documents.build(data, "en"))
    assert "31 December 2021" in en
    quote = "Lack of laboratory capacity; we need support."
    quoted = [b for b in documents.build(data, "fr").blocks if b.kind == "text"]
    assert len({b.text for b in quoted}) == len(quoted)  # each distinct text once
    lead = en.split(quote)[0].rsplit("\n\n", 2)[-2]
    assert "Ghana and Tuvalu" in lead or "Tuvalu" in lead
    fr_text, _ = render.to_markdown(documents.build(data, "fr"))
    assert "anglais" in fr_text  # an English quote in the French edition says so
    internal, _ = render.to_markdown(documents.build(data, "en", internal=True))
    assert "full-2021" in internal and f"SNAP-{snap.pk}" in internal

    meeting = Meeting.objects.create(number=4, name={"en": "Fourth meeting"},
                                     start_date="2022-03-21", end_date="2022-03-25")  # fmt: skip
    MeetingDocument.objects.create(meeting=meeting, symbol="UNEP/MC/COP.4/INF/9",
                                   kind="national_reports", date="2022-01-10",
                                   title={"en": "Analysis of national reports"})  # fmt: skip
    snap2 = freeze(None, documents.KIND, documents.collect(cycle))
    built = documents.build(snap2.data, "en")
    assert built.blocks[0].data[0] == "UNEP/MC/COP.4/INF/9"
    assert "10 January 2022" in built.blocks[0].data and "Fourth meeting" in built.blocks[0].text
    assert snap2.meeting_id == meeting.pk
