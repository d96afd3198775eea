"""One boundary per entity: the page, the API and a file give the same message, under the same
field, for the same mistake (forms.ActivityForm), and nothing is written."""

from __future__ import annotations

import csv
import json

import pytest
from django.utils.html import escape

from minamata_kb.activities.importing import import_activities
from minamata_kb.activities.models import Activity
from minamata_kb.core.importing import ImportRejected

pytestmark = pytest.mark.django_db

BASE = {"code": "fp-new", "title": "Our support", "provider_party": "GHA", "status": "planned"}


@pytest.mark.parametrize(
    "mistake, field, message",
    [
        ({"amount": "-3", "currency": "USD"}, "amount", "must not be negative: -3"),
        ({"amount": "5"}, "currency", "an amount needs its currency (ISO 4217 code)"),
        ({"currency": "QQQ"}, "currency", "unknown currency 'QQQ' (ISO 4217 code expected)"),
        ({"beneficiary_countries": "MEX; QQQ"}, "beneficiary_countries", "unknown country: QQQ"),
        (
            {"start_date": "2024-05-01", "end_date": "2024-04-01"},
            "end_date",
            "the end (2024-04-01) is before the start (2024-05-01)",
        ),
        (
            {"provider_organisation": "bcrc-test"},
            "provider_party",
            "give a provider party or a provider organisation, not both",
        ),
    ],
)
def test_the_page_the_api_and_a_file_say_the_same(
    personas, acts, tmp_path, mistake, field, message
):
    data = {**BASE, **mistake}
    page = personas.fp_a.client.post("/activities/new/", data)
    assert page.status_code == 200 and escape(message) in page.content.decode()

    as_json = {k: v.split("; ") if k == "beneficiary_countries" else v for k, v in data.items()}
    api = personas.fp_a.client.post(
        "/api/v1/activities", json.dumps(as_json), content_type="application/json"
    )
    assert api.status_code == 422
    assert {"field": field, "message": message} in api.json()["error"]["details"]

    path = tmp_path / "a.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(data))
        writer.writeheader()
        writer.writerow(data)
    with pytest.raises(ImportRejected) as exc:
        import_activities(path)
    assert (2, field, message) in {(e.line, e.field, e.message) for e in exc.value.errors}

    assert not Activity.objects.filter(code="fp-new").exists()


def test_an_edit_page_shows_the_record_as_its_form_reads_it(personas, acts):
    body = personas.partner.client.get("/activities/bcrc-inventories/edit/").content.decode()
    assert 'value="CHN; TUV"' in body and 'value="other-ngo"' in body
    assert 'value="1000.50"' in body and 'value="2023-12-31"' in body
    assert ">res-1</textarea>" in body.replace("\n", "")
    # The page's text comes back as the same record (results, which the page lacks, are kept).
    r = personas.partner.client.post(
        "/activities/bcrc-inventories/edit/",
        {
            "title": "Inventory training",
            "provider_organisation": "bcrc-test",
            "executing_partners": "other-ngo",
            "channel": "regional_centre",
            "funding_source": "special_trust_fund",
            "amount": "1000.50",
            "currency": "USD",
            "beneficiary_countries": "TUV; CHN",
            "articles": "8",
            "topics": ["inventories", "emissions"],
            "start_date": "2023-01-01",
            "end_date": "2023-12-31",
            "status": "completed",
            "published": "on",
            "outputs": "res-1",
        },
    )
    assert r.status_code == 302
    a = Activity.objects.get(code="bcrc-inventories")
    assert a.outputs.get().resource_ref == "res-1" and a.results.count() == 1
    assert sorted(a.beneficiary_countries.values_list("iso3", flat=True)) == ["CHN", "TUV"]
