"""IATI an aggregator accepts (issue 16 item 1): the demo export passes the 2.03 schema and our
Standard Ruleset checks, every activity has countries or regions and a sector, no date is made
up, the mappings use codes from IATI's lists."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from lxml import etree

from minamata_kb.activities.exporting import export, iati_schema
from minamata_kb.activities.iati import rules
from minamata_kb.activities.iati.export import PLACEHOLDER_REF, build, split_100
from minamata_kb.core.codelists import is_code

IATI = Path(settings.DATA_DIR) / "iati"


@pytest.fixture
def demo(db):
    from minamata_kb.activities import demo as activities_demo

    call_command("init", stdout=io.StringIO())
    activities_demo.load(io.StringIO())


def _doc(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


@pytest.mark.integration
def test_demo_export_passes_schema_and_ruleset(demo):
    from minamata_kb.activities.exporting import export_queryset
    from minamata_kb.activities.models import Activity

    result = build(export_queryset())
    doc = _doc(result.xml)
    schema = iati_schema()
    assert schema.validate(doc), schema.error_log
    findings = rules.check(doc)
    assert rules.errors(findings) == []
    # The only warnings: the reporting org's placeholder identifier (flagged in the file).
    assert {f.rule for f in findings} <= {"1.14.8"}
    assert PLACEHOLDER_REF in result.xml.decode() and "PLACEHOLDER" in result.xml.decode()
    acts = doc.findall("iati-activity")
    undated = set(Activity.objects.filter(start_date=None).values_list("code", flat=True))
    assert len(acts) == Activity.objects.count() - len(undated) >= 20
    assert {code for code, _ in result.left_out} == undated
    for act in acts:
        assert act.findall("recipient-country") or act.findall("recipient-region")
        assert act.findall("sector[@vocabulary='1']")
        assert (
            act.find("default-flow-type") is not None or act.find("participating-org") is not None
        )
    assert len(doc.xpath("//recipient-country")) >= 20
    # Countries now carry ISO alpha-2 codes (none did before).
    assert set(doc.xpath("//recipient-country/@code")) >= {"GH"}
    # Secondary reporting where the secretariat is not the provider.
    assert doc.xpath("//reporting-org[@secondary-reporter='1']")


@pytest.mark.integration
def test_no_invented_dates(demo):
    """No activity date other than the record's own: none is the day the demo was loaded."""
    from minamata_kb.activities.models import Activity

    doc = _doc(export("iati"))
    today = dt.date.today().isoformat()
    for act in doc.findall("iati-activity"):
        code = act.findtext("iati-identifier").rsplit("-", 1)[-1]
        a = Activity.objects.get(code=act.findtext("iati-identifier")[len(PLACEHOLDER_REF) + 1 :])
        own = {str(a.start_date), str(a.end_date)}
        for d in act.xpath("activity-date/@iso-date"):
            assert d in own, (code, d)
        if a.start_date != dt.date.today():
            assert today not in act.xpath("activity-date/@iso-date")


def test_roles_funder_extending_implementing(acts):
    doc = _doc(export("iati"))
    act = doc.xpath("//iati-activity[iati-identifier[contains(., 'bcrc-inventories')]]")[0]
    roles = [(p.get("role"), p.findtext("narrative")) for p in act.findall("participating-org")]
    assert roles[0][0] == "1" and "trust fund" in roles[0][1].lower()  # the source of funds
    assert ("3", "BCRC Test") in roles or any(r == "3" for r, _ in roles)
    assert any(r == "4" for r, _ in roles)
    # The provider (a regional centre) is not reported as funder.
    assert all(r != "1" or "trust fund" in n.lower() for r, n in roles)
    assert act.find("reporting-org").get("secondary-reporter") == "1"
    assert act.xpath("sector/@code") == ["41010", "41020"]
    assert act.xpath("sector/@percentage") == ["50.00", "50.00"]
    assert act.xpath("default-aid-type/@code") == ["D02"]
    assert act.xpath("policy-marker[@code='2']/@significance") == ["2"]
    assert act.xpath("budget/value/text()") == ["1000.50"]


def test_undated_activity_is_left_out_not_dated_today(acts):
    result = build([acts.ghana])
    assert result.left_out and result.left_out[0][0] == "gha-bilateral"
    assert _doc(result.xml).find("iati-activity") is None


def test_split_100_sums_exactly():
    for n in (1, 2, 3, 7, 151):
        shares = split_100(n)
        assert len(shares) == n and sum(shares) == 100


def test_mapping_tables_use_codes_from_the_lists():
    with open(IATI / "sectors.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert is_code("Sector", row["sector_code"]), row
            assert row["reason"]
    with open(IATI / "channel_defaults.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert row["reason"]
            for col, codelist in (
                ("aid_type", "AidType"),
                ("flow_type", "FlowType"),
                ("finance_type", "FinanceType"),
                ("tied_status", "TiedStatus"),
                ("collaboration_type", "CollaborationType"),
            ):
                assert not row[col] or is_code(codelist, row[col]), (row["channel"], col)


BAD = b"""<?xml version="1.0"?>
<iati-activities version="2.03"><iati-activity xml:lang="en" default-currency="USD"
 last-updated-datetime="2024-01-01T00:00:00">
 <iati-identifier>XM-DAC-41116-1</iati-identifier>
 <reporting-org ref="XM-DAC-41116" type="40"><narrative>UNEP</narrative></reporting-org>
 <title><narrative>T</narrative></title>
 <activity-date type="1" iso-date="2024-05-01"/><activity-date type="3" iso-date="2024-01-01"/>
 <recipient-country code="GH" percentage="60"/><recipient-country code="QQ" percentage="30"/>
 <sector vocabulary="1" code="41010" percentage="50"/><sector vocabulary="1" code="99999" percentage="40"/>
 <budget type="1" status="1"><period-start iso-date="2024-01-01"/><period-end iso-date="2026-01-01"/>
 <value value-date="2024-01-01">1</value></budget>
</iati-activity></iati-activities>"""


def test_checker_catches_each_rule():
    findings = rules.check(BAD, today=dt.date(2025, 1, 1))
    got = {f.rule for f in rules.errors(findings)}
    assert {"11.1.2", "3.1.2", "2.1.2", "7.5.3", "codelist"} <= got
    messages = " ".join(f.message for f in findings)
    assert "'QQ'" in messages and "'99999'" in messages


@pytest.mark.integration
def test_cli_check_reports_and_fails_on_errors(demo, tmp_path):
    out = tmp_path / "a.xml"
    err = io.StringIO()
    call_command("export_activities", "--format", "iati", "--check", "-o", str(out), stderr=err)
    text = err.getvalue()
    assert "0 errors" in text and "left out" in text
    assert out.read_bytes().startswith(b"<?xml")
