"""Import of another publisher's IATI file (issue 16 item 1): upsert by IATI identifier, overlaps
with existing activities flagged by the duplicated-effort rule, hostile XML refused cleanly."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from minamata_kb.activities.iati.importing import IatiImportError, code_for, import_iati

FILES = Path(__file__).resolve().parent / "iati_files"
UNDP = FILES / "undp_pacific.xml"


@pytest.fixture
def world(acts):
    from minamata_kb.registry.models import Country, Organisation

    for iso3, iso2 in (("TUV", "TV"), ("CHN", "CN"), ("MEX", "MX"), ("GHA", "GH")):
        Country.objects.filter(iso3=iso3).update(iso2=iso2)
    Organisation.objects.create(
        slug="undp",
        name="United Nations Development Programme",
        acronym="UNDP",
        kind="gef_agency",
        iati_ref="XM-DAC-41114",
        iati_ref_source="test",
    )
    Organisation.objects.create(
        slug="gef", name="Global Environment Facility", kind="igo", iati_ref="XM-DAC-47044"
    )
    return acts


def test_foreign_file_imports_and_overlap_is_flagged(world):
    from minamata_kb.activities.models import Activity
    from minamata_kb.matching.models import DuplicatePair

    report = import_iati(UNDP)
    assert report.created == [
        "iati-xm-dac-41114-project-00099001",
        "iati-xm-dac-41114-project-00099002",
    ]
    a = Activity.objects.get(code="iati-xm-dac-41114-project-00099001")
    assert a.provider_organisation is not None and a.provider_organisation.slug == "undp"
    assert not a.published and a.source.startswith("IATI identifier: XM-DAC-41114-PROJECT-00099001")
    assert sorted(a.beneficiary_countries.values_list("iso3", flat=True)) == ["CHN", "TUV"]
    assert str(a.start_date) == "2023-02-01" and str(a.end_date) == "2023-11-30"
    assert a.status == "completed" and str(a.amount) == "250000.00" and a.currency == "USD"
    assert "Tuvalu Department of Environment" in a.note  # not invented in the registry
    assert {t.slug for t in a.topics.all()} == set()  # 41010/41020 map to several topics
    b = Activity.objects.get(code="iati-xm-dac-41114-project-00099002")
    assert [t.slug for t in b.topics.all()] == ["dental_amalgam"]  # 12191 maps to one topic
    assert str(b.amount) == "80000.00" and b.end_date is None
    # The overlap with the regional centre's inventory training is flagged, the other not.
    assert [(m, o) for m, o, _ in report.duplicates] == [(a.code, "bcrc-inventories")]
    assert DuplicatePair.objects.filter(first__code__in=[a.code, "bcrc-inventories"]).exists()


def test_second_import_updates_by_identifier(world):
    from minamata_kb.activities.models import Activity

    import_iati(UNDP)
    n = Activity.objects.count()
    Activity.objects.filter(code="iati-xm-dac-41114-project-00099002").update(published=True)
    report = import_iati(UNDP)
    assert report.created == [] and len(report.updated) == 2
    assert Activity.objects.count() == n
    assert Activity.objects.get(code="iati-xm-dac-41114-project-00099002").published


def test_dry_run_writes_nothing(world):
    from minamata_kb.activities.models import Activity

    n = Activity.objects.count()
    report = import_iati(UNDP, dry_run=True)
    assert len(report.created) == 2 and Activity.objects.count() == n


@pytest.mark.parametrize("name", ["entities.xml", "external_entity.xml"])
def test_hostile_xml_is_refused_cleanly(world, name):
    from minamata_kb.activities.models import Activity

    n = Activity.objects.count()
    with pytest.raises(IatiImportError, match="DTD"):
        import_iati(FILES / name)
    with pytest.raises(CommandError, match="DTD"):
        call_command("import_iati", str(FILES / name), stdout=io.StringIO())
    assert Activity.objects.count() == n


def test_not_iati_or_broken_is_refused(world, tmp_path):
    bad = tmp_path / "x.xml"
    bad.write_bytes(b"<html><body/></html>")
    with pytest.raises(IatiImportError, match="iati-activities"):
        import_iati(bad)
    bad.write_bytes(b"<iati-activities version='2.03'><iati-activity>")
    with pytest.raises(IatiImportError, match="well-formed"):
        import_iati(bad)


def test_cli_reports_duplicates(world):
    out = io.StringIO()
    call_command("import_iati", str(UNDP), stdout=out)
    text = out.getvalue()
    assert (
        "created 2" in text
        and "likely duplicate: iati-xm-dac-41114-project-00099001 ~ bcrc-inventories" in text
    )


def test_own_identifiers_map_back_to_our_codes():
    from minamata_kb.activities.iati.export import reporting_ref

    assert code_for(f"{reporting_ref()}-bcrc-inventories") == "bcrc-inventories"
    long = "GB-COH-12345678-" + "X" * 120
    assert len(code_for(long)) == 80 and code_for(long) != code_for(long + "Y")
