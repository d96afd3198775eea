"""Importing national reports: every error at once by row and column, nothing written."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.core.importing import ImportRejected
from minamata_kb.national_reports.importer import import_national_reports
from minamata_kb.national_reports.models import Answer, NationalReport

from .conftest import full_rows, write_rows

pytestmark = pytest.mark.django_db


def test_valid_csv_creates_submitted_unpublished_reports_with_audit(nr, tmp_path):
    rows = full_rows("GHA", nr.full, gap=True) + full_rows("MEX", nr.full)
    report = import_national_reports(write_rows(tmp_path / "r.csv", rows))
    assert sorted(report.created) == ["GHA full-2021", "MEX full-2021"]
    gha = NationalReport.objects.get(party__code="GHA", cycle=nr.full)
    assert gha.status == "submitted" and not gha.published and gha.source == "import"
    # every question but the sub-questions Q21 and Q27, skipped by GHA's "no" to Q20 and Q26
    assert gha.answers.count() == 41
    assert not gha.answers.filter(question__number__in=[21, 27]).exists()
    assert ChangeRecord.objects.filter(entity="national_reports.nationalreport").count() == 2
    # a re-import replaces the answers of the same questions, no duplicates
    import_national_reports(write_rows(tmp_path / "r.csv", rows), publish=True)
    gha.refresh_from_db()
    assert gha.answers.count() == 41 and gha.published


def test_bad_rows_are_all_reported_and_nothing_is_written(nr, tmp_path):
    nr.party_b.entry_into_force = dt.date(2022, 6, 1)  # joined after the full-2021 period
    nr.party_b.save()
    rows = [
        {"party": "GHA", "cycle": "full-2021", "question": "99", "answer": "yes"},
        {"party": "GHA", "cycle": "full-2021", "question": "3", "answer": "maybe"},
        {"party": "MEX", "cycle": "full-2021", "question": "3", "answer": "no"},
        {"party": "GHA", "cycle": "full-2021", "question": "4", "answer": "yes"},
        {"party": "GHA", "cycle": "full-2021", "question": "Q4", "answer": "no"},
        {"party": "XXX", "cycle": "full-2021", "question": "4", "answer": "no"},
        {"party": "GHA", "cycle": "nope", "question": "4", "answer": "no"},
        {"party": "GHA", "cycle": "short-2019", "question": "8", "answer": "no"},
        {"party": "GHA", "cycle": "full-2021", "question": "7", "answer": "many"},
        {"party": "GHA", "cycle": "full-2021", "question": "5", "answer": "ok"},
    ]
    with pytest.raises(ImportRejected) as exc:
        import_national_reports(write_rows(tmp_path / "bad.csv", rows))
    found = {(e.line, e.field) for e in exc.value.errors}
    assert found >= {
        (2, "question"),  # unknown question
        (3, "answer"),  # outside its choices
        (4, "party"),  # not a party in that cycle
        (6, "question"),  # duplicate of line 5
        (7, "party"),  # unknown party
        (8, "cycle"),  # unknown cycle
        (9, "question"),  # not a short-report question
        (10, "answer"),  # not a number
        (11, "answer"),  # outside the choice list
    }
    assert "duplicate" in " ".join(e.message for e in exc.value.errors if e.line == 6)
    assert NationalReport.objects.count() == 0 and Answer.objects.count() == 0


def test_wrong_encoding_is_rejected_with_its_line(nr, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "party,cycle,question,answer,comment\nGHA,full-2021,3,no,Pas de données\n".encode("latin-1")
    )
    with pytest.raises(ImportRejected) as exc:
        import_national_reports(path)
    assert exc.value.errors[0].line == 2 and "UTF-8" in exc.value.errors[0].message
    assert NationalReport.objects.count() == 0


def test_malformed_xlsx_and_unknown_type_are_rejected(nr, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportRejected) as exc:
        import_national_reports(path)
    assert "XLSX" in exc.value.errors[0].message
    other = tmp_path / "report.odt"
    other.write_bytes(b"x")
    with pytest.raises(ImportRejected):
        import_national_reports(other)
    assert NationalReport.objects.count() == 0


def test_json_import_and_labels_in_other_languages(nr, tmp_path):
    rows = [
        {"party": "GHA", "cycle": "short-2019", "question": 3, "answer": "Non", "comment": ""},
        {"party": "GHA", "cycle": "short-2019", "question": 4, "answer": "部分", "comment": ""},
        {"party": "GHA", "cycle": "short-2019", "question": 5, "answer": "N/A", "comment": ""},
        {"party": "GHA", "cycle": "short-2019", "question": 24, "answer": "YES", "comment": ""},
    ]
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"rows": rows}, ensure_ascii=False), encoding="utf-8")
    import_national_reports(path)
    values = dict(Answer.objects.values_list("question__number", "value"))
    assert values == {3: "no", 4: "partly", 5: "not_applicable", 24: "yes"}


def test_cli_dry_run_writes_nothing_and_errors_exit_1(nr, tmp_path, capsys):
    good = write_rows(tmp_path / "good.csv", full_rows("GHA", nr.short))
    call_command("import_national_reports", str(good), "--dry-run")
    assert "would create GHA short-2019" in capsys.readouterr().out
    assert NationalReport.objects.count() == 0
    bad = write_rows(
        tmp_path / "bad.csv",
        [{"party": "GHA", "cycle": "short-2019", "question": "3", "answer": "perhaps"}],
    )
    with pytest.raises(SystemExit) as exc:
        call_command("import_national_reports", str(bad))
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert ":2: answer:" in err and "nothing was written" in err
    call_command("import_national_reports", str(good), "--publish")
    assert NationalReport.objects.get().published


def test_the_shipped_example_file_imports(nr, settings):
    from pathlib import Path

    path = Path(settings.DATA_DIR) / "national_reports" / "example_national_reports.csv"
    report = import_national_reports(path)
    assert sorted(report.created) == ["GHA short-2019", "MEX short-2019"]
    assert Answer.objects.get(report__party__code="MEX", question__number=24).value == "partly"
