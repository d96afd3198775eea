"""The one identifier alphabet (core/identifiers.py), at the entry points beyond the library API
(those: library/tests/test_identifiers.py), and the check command for rows that predate it."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from ninja import Schema

from minamata_kb.core.identifiers import (
    Identifier,
    IdentifierValidator,
    check_identifier,
    identifier_fields,
    is_identifier,
)

GOOD = ["a", "A1", "pub-1", "unep_2019-03", "x" * 200, "2025"]
BAD = ["", "zz/poison", "-a", "_a", "a.b", "a b", "a\n", "é", "ｆｐ", "a%2F", "a?b", "x" * 201]


def test_the_alphabet():
    assert all(is_identifier(v) for v in GOOD)
    assert not any(is_identifier(v) for v in BAD)
    assert not is_identifier(None) and not is_identifier(12)
    assert is_identifier("abc", 3) and not is_identifier("abcd", 3)
    # every identifier is routable by Django's slug converter and comes back unchanged
    for v in GOOD:
        assert reverse("activities:activity_detail", args=[v]).split("/")[-2] == v


def test_validator_check_and_schema_type_agree():
    class In(Schema):
        id: Identifier

    for v in GOOD:
        IdentifierValidator()(v)
        assert check_identifier(v) == v and In(id=v).id == v
    for v in BAD:
        with pytest.raises(ValidationError) as caught:
            IdentifierValidator()(v)
        assert "not a valid identifier" in caught.value.messages[0]
        with pytest.raises(ValidationError):
            check_identifier(v, field="id")
        with pytest.raises(ValueError, match="not a valid identifier"):
            In(id=v)


@pytest.mark.django_db
def test_the_openapi_schema_shows_the_alphabet(client):
    schema = client.get("/api/v1/openapi.json").json()
    resource_in = schema["components"]["schemas"]["ResourceIn"]["properties"]["id"]
    assert resource_in["pattern"] == "^[A-Za-z0-9][A-Za-z0-9_-]*$"
    assert resource_in["maxLength"] == 200


def test_the_message_is_translated():
    from django.utils import translation

    with translation.override("fr"):
        with pytest.raises(ValidationError) as caught:
            check_identifier("a/b")
    # catalogues are compiled by the lead; until then the English text is the fallback
    assert "a/b" in caught.value.messages[0]


@pytest.mark.django_db
def test_a_resource_row_refuses_a_bad_id_in_model_validation():
    """The admin's forms validate through the model field."""
    from minamata_kb.library.models import Resource

    with pytest.raises(ValidationError) as caught:
        Resource(external_id="zz/poison", title="t", language="en").full_clean()
    assert "external_id" in caught.value.message_dict


@pytest.mark.django_db
def test_organisation_import_rejects_a_slug_outside_the_alphabet(ref_world, tmp_path, capsys):
    from minamata_kb.cli import main
    from minamata_kb.registry.models import Organisation

    path = tmp_path / "orgs.csv"
    path.write_text(
        "slug,name,kind\nfine-one,Fine,ngo\nｆｐ-centre,Fullwidth,ngo\nbad/slug,Slash,ngo\n",
        encoding="utf-8",
    )
    assert main(["import", "organisations", str(path)]) == 1
    err = capsys.readouterr().err
    assert "orgs.csv:3: slug:" in err and "orgs.csv:4: slug:" in err
    assert "not a valid identifier" in err
    assert not Organisation.objects.filter(slug__in=["fine-one", "ｆｐ-centre"]).exists()


@pytest.mark.django_db
def test_reporting_format_import_rejects_a_bad_version(tmp_path):
    from minamata_kb.core.importing import ImportRejected
    from minamata_kb.national_reports.formats import import_reporting_format

    row = {"part": "E", "number": 1, "answer_type": "text", "text_en": "Other", "short_report": 1}
    path = tmp_path / "format.json"
    path.write_text(json.dumps([{**row, "version": "v2/../x"}]), encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_reporting_format(path)
    assert (1, "version") in {(e.line, e.field) for e in caught.value.errors}
    # and the service itself, whoever calls it
    from minamata_kb.national_reports.formats import replace_format
    from minamata_kb.national_reports.models import ReportingFormat

    with pytest.raises(ValidationError):
        replace_format("v2/../x", [])
    assert not ReportingFormat.objects.filter(version="v2/../x").exists()


@pytest.mark.django_db
def test_activity_and_event_codes_use_the_alphabet(ref_world):
    from minamata_kb.activities.services import save_activity, save_event

    for save in (save_activity, save_event):
        with pytest.raises(ValidationError) as caught:
            save(None, {"code": "zz/poison", "title": "t", "kind": "webinar"})
        assert "code" in caught.value.message_dict


@pytest.mark.django_db
def test_legacy_organisation_slug_still_has_a_page(ref_world, client):
    from minamata_kb.registry.models import Organisation

    Organisation.objects.create(slug="ｆｐ-centre", name="Legacy centre", kind="ngo")
    assert client.get("/registry/organisations/").status_code == 200
    r = client.get(reverse("registry:organisation_detail", args=["ｆｐ-centre"]))
    assert r.status_code == 200 and "Legacy centre" in r.content.decode()


@pytest.mark.django_db
def test_check_command_lists_rows_that_predate_the_rule(ref_world):
    from minamata_kb.cli import main
    from minamata_kb.library.models import Resource
    from minamata_kb.registry.models import Organisation

    labels = {(m._meta.label, f.name) for m, f in identifier_fields()}
    assert {
        ("library.Resource", "external_id"),
        ("activities.Activity", "code"),
        ("activities.Event", "code"),
        ("registry.Organisation", "slug"),
        ("matching.Technology", "slug"),
        ("national_reports.Cycle", "code"),
        ("national_reports.ReportingFormat", "version"),
    } <= labels
    assert main(["check_identifiers"]) == 0
    bad = Resource.objects.create(external_id="zz/poison", title="t", language="en")
    Organisation.objects.create(slug="ｆｐ-centre", name="Legacy", kind="ngo")
    out = io.StringIO()
    call_command("check_identifiers", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert f"library.Resource\t{bad.pk}\texternal_id\t'zz/poison'" in lines
    assert any(line.startswith("registry.Organisation\t") for line in lines)
    assert len(lines) == 2
    assert main(["check_identifiers"]) == 1
