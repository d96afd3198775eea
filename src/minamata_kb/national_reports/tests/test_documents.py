"""The analysis document (DOCX, PDF) and the CLI that writes it; pages and API shapes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import translation
from docx import Document

from minamata_kb.national_reports.importer import import_national_reports

from .conftest import full_rows, write_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(nr, tmp_path):  # type: ignore[no-untyped-def]
    rows = full_rows("GHA", nr.full, gap=True) + full_rows("TUV", nr.full, gap=True)
    rows += full_rows("GHA", nr.short) + full_rows("TUV", nr.short, gap=True)
    import_national_reports(write_rows(tmp_path / "r.csv", rows), publish=True)
    return nr


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
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
    assert reports["count"] == 2 and len(reports["items"][0]["answers"]) == 43
    assert client.get("/api/v1/national-reports/analysis?cycle=nope").status_code == 404
