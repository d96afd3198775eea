"""Exports: CSV/XLSX round-trip through the importer, IATI XML valid against 2.03."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from lxml import etree

from minamata_kb.activities.exporting import export, iati_schema
from minamata_kb.activities.importing import COLUMNS, import_activities

pytestmark = pytest.mark.django_db


def test_csv_is_stable_and_round_trips(tmp_path, acts):
    first = export("csv")
    assert first == export("csv")
    lines = first.decode().splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert [line.split(",")[0] for line in lines[1:]] == [
        "bcrc-draft",
        "bcrc-inventories",
        "gha-bilateral",
    ]
    path = tmp_path / "a.csv"
    path.write_bytes(first)
    report = import_activities(path)
    assert report.created == [] and report.updated == []
    assert len(report.unchanged) == 3


def test_xlsx_round_trips(tmp_path, acts):
    path = tmp_path / "a.xlsx"
    path.write_bytes(export("xlsx"))
    report = import_activities(path)
    assert sorted(report.unchanged) == ["bcrc-draft", "bcrc-inventories", "gha-bilateral"]


def test_iati_export_is_valid_against_the_2_03_schema(acts):
    from minamata_kb.activities.models import Activity

    Activity.objects.filter(code="gha-bilateral").update(start_date=None, end_date=None)
    doc = etree.fromstring(export("iati"))
    schema = iati_schema()
    assert schema.validate(doc), schema.error_log
    assert doc.get("version") == "2.03"
    ids = doc.xpath("//iati-identifier/text()")
    # Undated activities (the draft, gha-bilateral) are left out, never given a made-up date.
    assert ids == sorted(ids) and len(ids) == 1
    act = doc.xpath("//iati-activity[iati-identifier[contains(., 'bcrc-inventories')]]")[0]
    assert act.xpath("activity-status/@code") == ["4"]
    assert act.xpath("transaction/value/text()") == ["1000.50"]
    # No baseline year in the record: no baseline (the schema needs a year; none is made up).
    assert act.xpath("result/indicator/baseline/@value") == []
    assert act.xpath("result/indicator/period/actual/@value") == ["3.00"]
    # Funding = the special trust fund, extending = the centre, implementing = the partner.
    assert act.xpath("participating-org/@role") == ["1", "3", "4"]


def test_iati_with_recipient_countries_is_valid(acts):
    from minamata_kb.registry.models import Country

    Country.objects.filter(iso3="TUV").update(iso2="TV")
    Country.objects.filter(iso3="CHN").update(iso2="CN")
    doc = etree.fromstring(export("iati"))
    assert iati_schema().validate(doc)
    assert doc.xpath("//recipient-country/@code") == ["CN", "TV"]


def test_cli_export_writes_each_format(tmp_path, acts):
    for fmt in ("csv", "xlsx", "iati"):
        out = tmp_path / f"a.{fmt}"
        call_command("export_activities", "--format", fmt, "-o", str(out), stderr=io.StringIO())
        assert out.stat().st_size > 100
    assert out.read_bytes().startswith(b"<?xml")
