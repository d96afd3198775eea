"""Import from CSV/XLSX: creates and updates, dry run, all errors at once, all or nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from minamata_kb.activities.importing import import_activities
from minamata_kb.activities.models import Activity
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.core.importing import ImportRejected

pytestmark = pytest.mark.django_db

HEADER = "code,title,provider_organisation,provider_party,channel,amount,currency,beneficiary_countries,topics,start_date,end_date,status\n"


def write(tmp_path: Path, body: str, name: str = "a.csv") -> Path:
    p = tmp_path / name
    p.write_text(HEADER + body, encoding="utf-8")
    return p


def test_import_creates_and_updates_existing_rows(tmp_path, acts):
    path = write(
        tmp_path,
        "bcrc-inventories,Inventory training (revised),bcrc-test,,regional_centre,2000,EUR,TUV;CHN,inventories,2023-01-01,2024-01-31,completed\n"
        "new-act,New activity,,MEX,bilateral,,,GHA,asgm,2024-01-01,,planned\n",
    )
    report = import_activities(path)
    assert report.created == ["new-act"] and report.updated == ["bcrc-inventories"]
    a = Activity.objects.get(code="bcrc-inventories")
    assert (
        a.title == "Inventory training (revised)"
        and str(a.amount) == "2000.00"
        and a.currency == "EUR"
    )
    assert a.outputs.count() == 1  # the column was absent: outputs kept
    provider = Activity.objects.get(code="new-act").provider_party
    assert provider is not None and provider.code == "MEX"
    assert ChangeRecord.objects.filter(entity="activities.activity", action="update").count() == 1


def test_dry_run_writes_nothing(tmp_path, acts):
    path = write(tmp_path, "new-act,New,bcrc-test,,,,,,,,,\n")
    report = import_activities(path, dry_run=True)
    assert report.created == ["new-act"]
    assert not Activity.objects.filter(code="new-act").exists()


def test_every_error_is_reported_by_row_and_column_and_nothing_is_written(tmp_path, acts):
    path = write(
        tmp_path,
        "good-one,Good,bcrc-test,,,,,,,,,\n"
        "bad-dates,Bad dates,bcrc-test,,,,,,,2024-05-01,2024-04-01,\n"
        "bad-amount,Bad amount,bcrc-test,,,-10,USD,,,,,\n"
        "nan-amount,NaN amount,bcrc-test,,,lots,USD,,,,,\n"
        "bad-cur,Bad currency,bcrc-test,,,10,ABC,,,,,\n"
        "bad-country,Bad country,bcrc-test,,,,,GHA;XXX,,,,\n"
        "good-one,Duplicate,bcrc-test,,,,,,,,,\n",
    )
    with pytest.raises(ImportRejected) as exc:
        import_activities(path)
    where = {(e.line, e.field) for e in exc.value.errors}
    assert {
        (3, "end_date"),
        (4, "amount"),
        (5, "amount"),
        (6, "currency"),
        (7, "beneficiary_countries"),
        (8, "code"),
    } <= where
    messages = " ".join(e.message for e in exc.value.errors)
    assert "XXX" in messages and "ABC" in messages and "negative" in messages
    assert not Activity.objects.filter(code="good-one").exists()


def test_xlsx_import_reads_cells_of_any_type(tmp_path, acts):
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "code",
            "title",
            "provider_organisation",
            "amount",
            "currency",
            "start_date",
            "beneficiary_countries",
        ]
    )
    sheet.append(
        [
            "xl-one",
            "From a spreadsheet",
            "bcrc-test",
            1234.5,
            "usd",
            dt.datetime(2024, 2, 1),
            "GHA; TUV",
        ]
    )
    sheet.append(["xl-bad", "Bad", "bcrc-test", "abc", "USD", "2024-13-01", ""])
    path = tmp_path / "a.xlsx"
    book.save(path)
    with pytest.raises(ImportRejected) as exc:
        import_activities(path)
    assert {(3, "amount"), (3, "start_date")} <= {(e.line, e.field) for e in exc.value.errors}
    sheet.delete_rows(3)
    book.save(path)
    import_activities(path)
    a = Activity.objects.get(code="xl-one")
    assert str(a.amount) == "1234.50" and a.currency == "USD" and str(a.start_date) == "2024-02-01"


def test_a_broken_xlsx_or_non_utf8_csv_is_rejected(tmp_path, db):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ImportRejected):
        import_activities(bad)
    latin = tmp_path / "l.csv"
    latin.write_bytes(HEADER.encode() + "x,Caf\xe9,bcrc-test,,,,,,,,,\n".encode("latin-1"))
    with pytest.raises(ImportRejected) as exc:
        import_activities(latin)
    assert "UTF-8" in exc.value.errors[0].message


def test_cli_import_lists_errors_on_stderr_and_exits_1(tmp_path, acts):
    path = write(tmp_path, "c1,Bad,bcrc-test,,,-1,USD,ZZZ,,,,\n")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("import_activities", str(path), stderr=err)
    assert exc.value.code == 1
    text = err.getvalue()
    assert (
        ":2: amount:" in text
        and ":2: beneficiary_countries:" in text
        and "nothing was written" in text
    )
    ok = write(tmp_path, "c1,Good,bcrc-test,,,1,USD,GHA,,,,\n", "ok.csv")
    out = io.StringIO()
    call_command("import_activities", str(ok), "--dry-run", stdout=out, stderr=io.StringIO())
    assert "would create c1" in out.getvalue() and not Activity.objects.filter(code="c1").exists()
