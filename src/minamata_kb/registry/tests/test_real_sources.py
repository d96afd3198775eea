"""The registry from its real sources (issue 16 item 2): 151 parties, 16 Stockholm centres, ISO
codes from pycountry, IATI organisation identifiers only where a code list names them."""

import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from minamata_kb.core.importing import ImportRejected
from minamata_kb.registry import iso
from minamata_kb.registry.models import Country, DatasetInfo, Organisation, Party
from minamata_kb.registry.services import import_organisations


@pytest.fixture
def loaded(db):
    call_command("init", stdout=io.StringIO())


@pytest.mark.integration
def test_init_loads_151_parties_cambodia_and_qatar_included(loaded):
    assert Party.objects.count() == 151
    khm = Party.objects.get(code="KHM")
    assert khm.country is not None
    assert str(khm.deposit_date) == "2021-04-08" and khm.country.iso3 == "KHM"
    assert Party.objects.get(code="QAT").instrument == "accession"
    info = DatasetInfo.objects.get(key="parties")
    assert info.rows == 151 and not info.complete and "153" in info.note


@pytest.mark.parametrize("code", ["KHM", "QAT"])
@pytest.mark.integration
def test_match_knows_the_new_parties(loaded, code):
    out, old = io.StringIO(), sys.stdin
    sys.stdin = io.StringIO("We need help with an inventory of mercury releases.")
    try:
        call_command("match", "--party", code, "--json", stdout=out, stderr=io.StringIO())
    finally:
        sys.stdin = old
    assert "providers" in json.loads(out.getvalue())


@pytest.mark.integration
def test_sixteen_stockholm_centres_merged_with_the_basel_ones(loaded):
    stockholm = Organisation.objects.filter(conventions__contains="Stockholm")
    assert stockholm.count() == 16
    assert {"scrc-kenya", "scrc-algeria", "scrc-spain", "scrc-russia"} <= set(
        stockholm.values_list("slug", flat=True)
    )
    # A centre in both files is one organisation serving both conventions.
    sea = Organisation.objects.get(slug="bcrc-sea")
    assert sea.kind == Organisation.Kind.BRS_CENTRE and "Basel" in sea.conventions
    assert Organisation.objects.filter(kind__endswith="centre").count() == 24
    assert "16 Stockholm" in DatasetInfo.objects.get(key="organisations").note


@pytest.mark.integration
def test_countries_get_alpha2_from_pycountry_and_keep_un_names(loaded):
    khm = Country.objects.get(iso3="KHM")
    assert khm.iso2 == "KH" and khm.name_fr == "Cambodge" and khm.name_zh
    assert Country.objects.get(iso3="CIV").iso2 == "CI"
    assert Country.objects.exclude(iso2="").count() >= 240


@pytest.mark.integration
def test_iati_refs_only_where_a_code_list_names_the_organisation(loaded):
    assert Organisation.objects.get(slug="undp").iati_ref == "XM-DAC-41114"
    with_ref = Organisation.objects.exclude(iati_ref="")
    assert all(o.iati_ref_source for o in with_ref)
    assert Organisation.objects.get(slug="secretariat").iati_ref == ""


@pytest.mark.integration
def test_an_unregistered_iati_prefix_is_refused(loaded, tmp_path: Path):
    path = tmp_path / "orgs.csv"
    path.write_text(
        "slug,name,kind,iati_ref,iati_ref_source\nx-org,X,ngo,XX-MADEUP-1,guess\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected, match="org-id prefix"):
        import_organisations(path)
    path.write_text(
        "slug,name,kind,iati_ref,iati_ref_source\nx-org,X,ngo,XM-DAC-41114,\n", encoding="utf-8"
    )
    with pytest.raises(ImportRejected, match="comes from"):
        import_organisations(path)


def test_iso_codes_come_from_the_package():
    assert iso.alpha2("qat") == "QA" and iso.alpha2("EUU") == ""
    assert iso.is_currency("SLE") and not iso.is_currency("ZZZ")
    assert iso.is_language("km") and not iso.is_language("xx")


def test_currency_validation_uses_iso_4217():
    from minamata_kb.activities.currencies import is_currency

    assert is_currency("KHR") and is_currency("XCG")  # XCG: new in 2025, not in the old hand list
    assert not is_currency("SLL")  # withdrawn by ISO
    assert not is_currency("XXX") and not is_currency("usd")


def test_event_languages_are_checked_against_iso_639(db):
    from minamata_kb.activities.forms import EventForm

    ok = EventForm({"code": "e1", "title": "T", "kind": "workshop", "languages": "km;fr"})
    assert "languages" not in ok.errors
    bad = EventForm({"code": "e2", "title": "T", "kind": "workshop", "languages": "xx;fr"})
    assert "xx" in " ".join(
        map(str, bad.errors["languages"])
    )  # two letters, but no ISO 639-1 language


@pytest.mark.integration
def test_an_existing_database_gets_the_new_rows_on_next_init(loaded, client):
    Party.objects.filter(code__in=["KHM", "QAT"]).delete()
    Organisation.objects.filter(slug="scrc-kenya").delete()
    Country.objects.filter(iso3="KHM").update(iso2="")
    call_command("init", stdout=io.StringIO())
    assert Party.objects.filter(code__in=["KHM", "QAT"]).count() == 2
    assert Organisation.objects.filter(slug="scrc-kenya").exists()
    data = client.get("/api/v1/countries/KHM").json()
    assert data["iso2"] == "KH"
    undp = client.get("/api/v1/organisations/undp").json()
    assert undp["iati_ref"] == "XM-DAC-41114"
