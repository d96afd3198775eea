import pytest
from django.core.management import call_command

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.registry.models import Organisation, Party

HEADER = "name,iso3,deposit_date,instrument,entry_into_force\n"


def run(args):
    from minamata_kb.cli import main

    return main(args)


@pytest.mark.django_db
def test_import_parties_upserts_and_computes_entry_into_force(ref_world, tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER + "Ghana,GHA,2017-03-23,ratification,\nChina,CHN,2016-08-31,ratification,\n"
    )
    assert run(["import", "parties", str(path)]) == 0
    china = Party.objects.get(code="CHN")
    assert str(china.entry_into_force) == "2017-08-16"
    assert ChangeRecord.objects.filter(
        entity="registry.party", object_id=str(china.pk), action="create"
    ).exists()
    assert "created 1, updated 1" in capsys.readouterr().err


@pytest.mark.django_db
def test_dry_run_writes_nothing(ref_world, tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "China,CHN,2016-08-31,ratification,\n")
    assert run(["import", "parties", str(path), "--dry-run"]) == 0
    assert not Party.objects.filter(code="CHN").exists()
    assert "would create CHN" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "China,CHN,2016-08-31,ratification,\nNowhere,XXX,2017-01-01,,\n",
            ":3: iso3: unknown ISO3 code 'XXX'",
        ),
        ("China,CHN,2016-08-31,,\nChina,CHN,2016-08-31,,\n", ":3: iso3: duplicate of line 2"),
        ("China,CHN,31/08/2016,,\n", ":2: deposit_date: not a date"),
        ("China,CHN,2016-08-31,signature,\n", ":2: instrument: unknown instrument"),
    ],
)
def test_a_bad_row_rejects_the_whole_file(ref_world, tmp_path, capsys, body, expected):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + body)
    before = ChangeRecord.objects.count()
    assert run(["import", "parties", str(path)]) == 1
    err = capsys.readouterr().err
    assert expected in err and "nothing was written" in err
    assert not Party.objects.filter(code="CHN").exists()
    assert ChangeRecord.objects.count() == before


@pytest.mark.django_db
def test_undecodable_bytes_are_reported_with_their_line(ref_world, tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_bytes(HEADER.encode() + "Côte,CHN,2016-08-31,,\n".encode("latin-1"))
    assert run(["import", "parties", str(path)]) == 1
    err = capsys.readouterr().err
    assert ":2:" in err and "not UTF-8" in err


@pytest.mark.django_db
def test_import_organisations_validates_kind_and_countries(ref_world, tmp_path, capsys):
    path = tmp_path / "o.csv"
    path.write_text(
        "slug,name,kind,host_country,countries_served\n"
        "new-centre,New Centre,basel_centre,GHA,GHA;MEX\n"
        "bad,Bad,spaceship,ZZZ,\n"
    )
    assert run(["import", "organisations", str(path)]) == 1
    err = capsys.readouterr().err
    assert (
        "kind: unknown kind 'spaceship'" in err and "host_country: unknown ISO3 code 'ZZZ'" in err
    )
    assert not Organisation.objects.filter(slug="new-centre").exists()
    path.write_text(
        "slug,name,kind,host_country,countries_served\nnew-centre,New Centre,basel_centre,GHA,GHA;MEX\n"
    )
    assert run(["import", "organisations", str(path)]) == 0
    org = Organisation.objects.get(slug="new-centre")
    assert sorted(org.countries_served.values_list("iso3", flat=True)) == ["GHA", "MEX"]
    call_command("import_organisations", str(path))  # again: unchanged
    assert (
        ChangeRecord.objects.filter(entity="registry.organisation", object_id=str(org.pk)).count()
        == 1
    )
