"""Versions of the reporting format and the comparison between cycles.

- Importing the official wording of a version replaces the paraphrases in place (answers kept);
  a file that would drop an answered question is refused.
- A new version names, in `replaces`, the earlier question each of its questions continues;
  moving a cycle to it carries the answers over, and each report keeps the version it was
  answered in.
- "Changes since the previous cycle" compares with the latest earlier cycle of the same kind
  that has reports, and says which one and why (page and document).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.core.importing import ImportRejected
from minamata_kb.national_reports.analysis import analyse
from minamata_kb.national_reports.documents import build_document
from minamata_kb.national_reports.formats import import_reporting_format
from minamata_kb.national_reports.importer import import_national_reports
from minamata_kb.national_reports.models import (
    Answer,
    Cycle,
    NationalReport,
    Question,
    ReportingFormat,
)
from minamata_kb.national_reports.refdata import data_dir
from minamata_kb.national_reports.versions import apply_format

from .conftest import full_rows, write_rows

pytestmark = pytest.mark.django_db


def shipped_rows() -> list[dict[str, str]]:
    with open(data_dir() / "format_mc-1-8.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    fields = list(dict.fromkeys(k for row in rows for k in row))
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def new_version_rows() -> list[dict[str, str]]:
    """A made-up later version for the test: a new Q10 is inserted (later questions move down by
    one and name their old number in `replaces`); old Q43 is dropped."""
    out = []
    for row in shipped_rows():
        n = int(row["number"])
        if n == 43:
            continue
        moved = n + 1 if n >= 10 else n
        parent = row.get("parent", "")
        if parent and int(parent) >= 10:
            parent = str(int(parent) + 1)
        out.append(
            row
            | {
                "version": "test-2",
                "number": str(moved),
                "parent": parent,
                # a bare number names a question of the current version (mc-1-8)
                "replaces": str(n) if n < 20 else f"mc-1-8:{n}",
                "text_en": f"Official wording of question {moved} (test)",
                "paraphrase": "no",
            }
        )
    out.append(
        shipped_rows()[1]
        | {"version": "test-2", "number": "10", "part": "B", "text_en": "A new question."}
    )
    return out


def test_official_wording_replaces_the_paraphrases_in_place(nr, tmp_path, client):
    page = client.get("/national-reports/format/").content.decode()
    assert "paraphrases written for this system" in page and "Answer only if Q14 is Yes" in page
    import_national_reports(write_rows(tmp_path / "r.csv", full_rows("GHA", nr.full)))
    answers = Answer.objects.count()
    rows = [
        r | {"text_en": r["text_en"] + " (official)", "paraphrase": "no"} for r in shipped_rows()
    ]
    report = import_reporting_format(write(tmp_path / "f.csv", rows))
    assert len(report.updated) == 43 and not report.created
    assert not Question.objects.filter(format__version="mc-1-8", paraphrase=True).exists()
    parent = Question.objects.get(format__version="mc-1-8", number=15).parent
    assert parent is not None and parent.number == 14
    assert Answer.objects.count() == answers
    record = ChangeRecord.objects.filter(action="import", entity="national_reports.reportingformat")
    after = record.latest("at").after
    assert after is not None and after["paraphrases"] == 0
    page = client.get("/national-reports/format/").content.decode()
    assert "paraphrases" not in page and "wording recorded in version mc-1-8" in page
    assert "(official)" in page


def test_a_file_that_drops_an_answered_question_is_refused(nr, tmp_path):
    import_national_reports(write_rows(tmp_path / "r.csv", full_rows("GHA", nr.full)))
    rows = [r for r in shipped_rows() if r["number"] != "43"]
    with pytest.raises(ImportRejected) as exc:
        import_reporting_format(write(tmp_path / "f.csv", rows))
    assert [(e.field, "Q43" in e.message) for e in exc.value.errors] == [("number", True)]
    assert Question.objects.filter(format__version="mc-1-8").count() == 43


def test_new_version_carries_answers_over_where_the_format_says_so(personas, tmp_path):
    from minamata_kb.national_reports import refdata

    refdata.load(None)
    full = Cycle.objects.get(code="full-2021")
    import_national_reports(write_rows(tmp_path / "r.csv", full_rows("MEX", full, gap=True)))
    draft = NationalReport.objects.create(
        party=personas.world.party_a, cycle=full, answered_format=full.format
    )
    Answer.objects.create(report=draft, question=full.format.questions.get(number=12), value="no")
    mex_q12 = Answer.objects.get(report__party__code="MEX", question__number=12)
    report = import_reporting_format(write(tmp_path / "f.csv", new_version_rows()))
    assert len(report.created) == 43
    new = ReportingFormat.objects.get(version="test-2")
    assert new.replaces is not None and new.replaces.version == "mc-1-8"
    q13 = new.questions.get(number=13)
    assert q13.replaces is not None and q13.parent is not None
    assert (q13.replaces.number, q13.parent.number) == (12, 12)
    api = personas.anon.client.get("/api/v1/reporting-format?version=test-2").json()
    assert next(q for q in api["questions"] if q["number"] == 13)["replaces"] == "mc-1-8:12"
    # a focal point may not move a cycle; the secretariat may
    with pytest.raises(PermissionDenied):
        apply_format(personas.fp_a.user, full, new)
    moved = apply_format(personas.officer.user, full, new)
    assert moved.updated == ["GHA full-2021", "MEX full-2021"]
    full.refresh_from_db()
    assert full.format == new
    mex_q12.refresh_from_db()
    assert mex_q12.question == q13  # old Q12 is Q13 now
    # old Q43 has no successor: its answer stays with the version it was given in
    kept = Answer.objects.get(report__party__code="MEX", question__format__version="mc-1-8")
    assert kept.question.number == 43
    mex = NationalReport.objects.get(party__code="MEX", cycle=full)
    draft.refresh_from_db()
    assert mex.answered_format is not None
    assert mex.answered_format.version == "mc-1-8" and draft.answered_format == new
    assert ChangeRecord.objects.filter(entity="national_reports.cycle", action="update").exists()


def test_a_carried_answer_the_new_question_refuses_stops_the_move(nr, tmp_path):
    import_national_reports(write_rows(tmp_path / "r.csv", full_rows("GHA", nr.full, gap=True)))
    rows = new_version_rows()
    for row in rows:
        if row["number"] == "3":  # old Q3 (yes/no): the new one takes only partly or n/a
            row |= {"answer_type": "choice", "choices": "partly;not_applicable", "gap_answers": ""}
    import_reporting_format(write(tmp_path / "f.csv", rows))
    with pytest.raises(ImportRejected) as exc:
        apply_format(None, nr.full, ReportingFormat.objects.get(version="test-2"))
    assert "Q3" in exc.value.errors[0].message
    nr.full.refresh_from_db()
    assert nr.full.format.version == "mc-1-8"
    assert not Answer.objects.filter(question__format__version="test-2").exists()


def test_command_imports_a_version_and_moves_a_cycle(nr, tmp_path, capsys):
    import_national_reports(write_rows(tmp_path / "r.csv", full_rows("GHA", nr.full)))
    path = write(tmp_path / "f.csv", new_version_rows())
    call_command("import_reporting_format", str(path), "--apply-to", "full-2021")
    assert Cycle.objects.get(code="full-2021").format.version == "test-2"
    assert "full-2021: test-2, 1 report(s) mapped" in capsys.readouterr().out


def _reports(tmp_path: Path, cycle: str, gap: bool, publish: bool = True) -> None:
    c = Cycle.objects.get(code=cycle)
    rows = full_rows("GHA", c, gap=gap) + full_rows("TUV", c, gap=gap)
    import_national_reports(write_rows(tmp_path / f"{cycle}.csv", rows), publish=publish)


def test_compared_with_the_latest_earlier_cycle_of_the_same_kind_with_reports(nr, tmp_path):
    _reports(tmp_path, "short-2019", gap=True)
    _reports(tmp_path, "full-2021", gap=True, publish=False)
    _reports(tmp_path, "short-2023", gap=True)
    _reports(tmp_path, "full-2025", gap=False)
    # the secretariat counts unpublished reports: full-2021, not the later short-2023
    changes = analyse(Cycle.objects.get(code="full-2025"), include_unpublished=True).changes
    assert changes is not None
    assert (changes.previous, changes.basis) == ("full-2021", "same_kind")
    q20 = next(c for c in changes.questions if c.number == 20)
    assert q20.improved == ["GHA", "TUV"] and q20.compared == 2
    assert len(changes.questions) > 4  # all the full report's questions, not the four
    # the public counts published reports only: no earlier full cycle has any, so the latest
    # earlier cycle with reports (short-2023) on the four questions both ask
    public = analyse(Cycle.objects.get(code="full-2025")).changes
    assert public is not None
    assert (public.previous, public.basis) == ("short-2023", "other_kind")
    assert [c.number for c in public.questions] == [3, 4, 5, 24]
    # a short cycle: the earlier short one, passing over the full cycle between them
    short = analyse(Cycle.objects.get(code="short-2023")).changes
    assert short is not None
    assert (short.previous, short.basis) == ("short-2019", "same_kind")
    assert analyse(Cycle.objects.get(code="short-2019")).changes is None


def test_page_and_document_say_which_cycle_was_compared_and_why(personas, tmp_path):
    from minamata_kb.national_reports import refdata

    refdata.load(None)
    _reports(tmp_path, "full-2021", gap=True)
    _reports(tmp_path, "short-2023", gap=True)
    _reports(tmp_path, "full-2025", gap=False)
    page = personas.anon.client.get("/national-reports/dashboard/?cycle=full-2025")
    text = page.content.decode()
    assert "Compared with the full report due 31 December 2021" in text
    assert "latest earlier cycle of the same kind with reports" in text
    doc = build_document(Cycle.objects.get(code="full-2025"), fmt="md").decode()
    assert "Compared with the full report due 31 December 2021" in doc
    ar = personas.anon.client.get(
        "/national-reports/dashboard/?cycle=full-2025", HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert ar.status_code == 200 and 'id="compared-with"' in ar.content.decode()
