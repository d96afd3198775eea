"""Events (participation by gender, attendance by region), Minamata Online reference data,
and the work programme (planned against delivered)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from minamata_kb.activities import refdata, selectors, services, workprogramme
from minamata_kb.activities.models import BudgetLine, Event, WorkProgrammeItem
from minamata_kb.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db


def test_attendance_by_gender_and_region(acts):
    s = selectors.attendance([acts.event.pk])
    assert s["total"] == {"women": 6, "men": 6, "other": 1, "all": 13, "women_share": 46}
    regions = {r["region"]: (r["women"], r["men"], r["other"]) for r in s["by_region"]}
    assert regions == {"Africa": (3, 2, 0), "Americas": (1, 4, 1), "Oceania": (2, 0, 0)}


def test_participation_is_replaced_by_its_organiser_and_audited(personas, acts):
    services.set_participation(
        personas.partner.user, acts.event, [{"country": "gha", "women": "5", "men": "1"}]
    )
    assert [(p.country.iso3, p.women, p.men) for p in acts.event.participation.all()] == [
        ("GHA", 5, 1)
    ]
    rec = ChangeRecord.objects.filter(entity="activities.event").get()
    assert rec.after == {"participation": [["GHA", 5, 1, 0]]}


@pytest.mark.parametrize(
    "row, words",
    [
        ({"country": "XXX", "women": 1}, "unknown country"),
        ({"country": "GHA", "women": -2}, "whole number"),
        ({"country": "GHA", "men": "many"}, "whole number"),
    ],
)
def test_bad_participation_changes_nothing(acts, row, words):
    with pytest.raises(ValidationError) as exc:
        services.set_participation(None, acts.event, [row])
    assert words in str(exc.value)
    assert acts.event.participation.count() == 3


def test_others_may_not_touch_an_event(personas, acts):
    for p in (personas.fp_a, personas.fp_b):
        with pytest.raises(PermissionDenied):
            services.set_participation(p.user, acts.event, [])
    assert acts.event.participation.count() == 3


def test_event_end_before_start_is_refused(acts):
    with pytest.raises(ValidationError):
        services.save_event(
            None,
            {
                "code": "ws-bad",
                "title": "x",
                "kind": "workshop",
                "start_date": dt.date(2024, 2, 2),
                "end_date": dt.date(2024, 2, 1),
            },
        )
    assert not Event.objects.filter(code="ws-bad").exists()


def test_minamata_online_reference_data_loads_with_sources(personas):
    n = refdata.load_minamata_online()
    assert n >= 5
    e = Event.objects.get(code="mo-2020-09-17")
    assert e.series == "Minamata Online" and e.online and e.participants_reported == 185
    assert e.organiser is not None
    assert e.source.startswith("https://") and e.organiser.slug == "secretariat"
    undated = Event.objects.filter(series="Minamata Online", start_date__isnull=True)
    assert undated.exists() and all(x.date_text for x in undated)
    assert refdata.participants_from_note("over 100 participants") == 100
    refdata.load_minamata_online()  # idempotent
    assert Event.objects.filter(series="Minamata Online").count() == n


def test_work_programme_items_and_planned_against_delivered(acts):
    assert refdata.load_work_programme() == 19
    item = WorkProgrammeItem.objects.get(code="d.iv")
    assert item.paragraph == "20(d)(iv)" and "gender" in item.title
    item.planned_deliveries = 3
    item.save()
    BudgetLine.objects.create(item=item, source="special_trust_fund", amount=100)
    BudgetLine.objects.create(item=item, source="voluntary", amount=50, currency="USD")
    item.activities.add(acts.pub, acts.draft)  # the draft does not count as delivered
    item.events.add(acts.event)
    row = next(r for r in workprogramme.summary() if r["item"] == "d.iv")
    assert row["planned_deliveries"] == 3 and row["delivered"] == 2
    assert (
        row["budget_special_trust_fund"] == "100.00 USD" and row["budget_voluntary"] == "50.00 USD"
    )
    assert row["activity_amounts"] == "1000.50 USD"
    out = io.BytesIO()
    call_command(
        "export_work_programme", "--format", "csv", "-o", "/dev/null", stderr=io.StringIO()
    )
    data = workprogramme.export_work_programme("csv")
    assert (
        data.splitlines()[0].startswith(b"id,biennium,item,paragraph,title")
        and len(data.splitlines()) == 20
    )
    assert out is not None


def test_events_export_is_stable(acts):
    data = selectors.export_events("csv")
    assert data == selectors.export_events("csv")
    assert b"ws-1" in data and b"ws-draft" not in data


def test_save_event_from_raw_input_is_audited_and_checked(personas, acts):
    data = {
        "code": "ws-new",
        "title": "New workshop",
        "kind": "workshop",
        "organiser": "bcrc-test",
        "country": "chn",
        "languages": "zh; en",
        "start_date": "2024-04-01",
        "end_date": "2024-04-02",
        "materials": [{"kind": "recording", "resource_ref": "res-1"}],
    }
    event, outcome = services.save_event(personas.partner.user, data)
    assert event.country is not None
    assert outcome == "created" and event.country.iso3 == "CHN" and event.languages == "zh;en"
    assert event.materials.get().resource_ref == "res-1"
    assert ChangeRecord.objects.filter(entity="activities.event", action="create").exists()
    _, outcome = services.save_event(personas.partner.user, {"code": "ws-new", "place": "Beijing"})
    assert outcome == "updated" and Event.objects.get(code="ws-new").materials.count() == 1
    with pytest.raises(PermissionDenied):
        services.save_event(
            personas.partner.user, {**data, "code": "ws-other", "organiser": "other-ngo"}
        )
    with pytest.raises(PermissionDenied):
        services.save_event(personas.fp_a.user, {"code": "ws-new", "title": "hijack"})
    with pytest.raises(ValidationError) as exc:
        services.save_event(
            None,
            {
                **data,
                "code": "ws-bad",
                "kind": "party",
                "country": "ZZZ",
                "languages": "english!",
                "participants_reported": "-4",
            },
        )
    assert {"kind", "country", "languages", "participants_reported"} <= set(exc.value.message_dict)
    assert not Event.objects.filter(code__in=["ws-other", "ws-bad"]).exists()
    assert Event.objects.get(code="ws-new").title == "New workshop"


def test_the_secretariat_links_deliveries_to_items(personas, acts):
    refdata.load_work_programme()
    item = WorkProgrammeItem.objects.get(code="b.v")
    with pytest.raises(PermissionDenied):
        services.link_to_item(
            personas.partner.user, item, activities=["bcrc-inventories"], events=[]
        )
    with pytest.raises(ValidationError):
        services.link_to_item(personas.officer.user, item, activities=["nope"], events=[])
    services.link_to_item(
        personas.officer.user, item, activities=["bcrc-inventories"], events=["ws-1"]
    )
    assert list(item.activities.values_list("code", flat=True)) == ["bcrc-inventories"]
    rec = ChangeRecord.objects.filter(entity="activities.workprogrammeitem").get()
    assert rec.after == {"activities": ["bcrc-inventories"], "events": ["ws-1"]}
