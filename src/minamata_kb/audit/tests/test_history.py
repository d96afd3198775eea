"""History pages (issue 18 item 5): who sees which record's changes, filters, and restoring an
earlier value through the owning app's service; per persona, on pages and the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db.models import Model

from minamata_kb.activities.models import Activity
from minamata_kb.activities.services import save_activity
from minamata_kb.assistance.services import file_request
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.submissions import services as submissions
from minamata_kb.submissions import statement_review
from minamata_kb.submissions.models import Statement
from minamata_kb.submissions.tests.factories import make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(personas: Any) -> dict[str, Any]:
    """An activity of the partner's centre (retitled once), a request and a statement of Ghana."""
    w = personas.world
    partner = personas.partner.user
    act, _ = save_activity(
        partner, {"code": "act-1", "title": "First title", "provider_organisation": "bcrc-test"}
    )
    save_activity(partner, {"code": "act-1", "title": "Second title", "topics": ["trade"]})
    req = file_request(personas.fp_a.user, w.party_a, kind="information", title="t", text="x")
    call = make_call(personas.officer.user)
    sub = submissions.submit(
        personas.fp_a.user, call, party=w.party_a, upload=("a.txt", b"We need training.")
    )
    st = statement_review.add_statement(personas.officer.user, sub, "need", "We need training.")
    statement_review.review_statement(
        personas.officer.user, st, "edit", {"text": "Training needed."}
    )
    return {"activity": act, "request": req, "statement": st, "submission": sub}


def _url(obj: Model, suffix: str = "") -> str:
    return f"/audit/{obj._meta.label_lower}/{obj.pk}/{suffix}"


def test_record_history_page_per_persona(personas, records):
    cases = {
        "activity": {"officer": 200, "partner": 200, "fp_a": 403, "fp_b": 403, "anon": 404},
        "request": {"officer": 200, "fp_a": 200, "fp_b": 403, "partner": 403, "anon": 404},
        "statement": {"officer": 200, "fp_a": 200, "fp_b": 403, "partner": 403, "anon": 404},
        "submission": {"officer": 200, "fp_a": 200, "fp_b": 403, "partner": 403, "anon": 404},
    }
    for key, expected in cases.items():
        for name, status in expected.items():
            r = getattr(personas, name).client.get(_url(records[key]))
            assert r.status_code == status, (key, name)
    page = personas.partner.client.get(_url(records["activity"])).content.decode()
    # who, what changed, before -> after
    assert "partner1" in page and "First title" in page and "Second title" in page
    assert ">title</code>" in page and ">topics</code>" in page
    assert personas.officer.client.get("/audit/activities.activity/999/").status_code == 404
    assert personas.officer.client.get("/audit/nope.model/1/").status_code == 404


def test_change_list_shows_each_persona_its_records_only(personas, records):
    def listed(persona: Any) -> str:
        r = persona.client.get("/audit/")
        assert r.status_code == 200, persona.name
        return r.content.decode()

    assert personas.anon.client.get("/audit/").status_code == 302  # sign in first
    officer, fp_a, fp_b, partner = (
        listed(personas.officer),
        listed(personas.fp_a),
        listed(personas.fp_b),
        listed(personas.partner),
    )
    assert "Second title" in officer and "Training needed." in officer
    assert "Training needed." in fp_a and "Second title" not in fp_a
    assert "Second title" in partner and "Training needed." not in partner
    assert "Second title" not in fp_b and "Training needed." not in fp_b
    assert "No change to show." in fp_b


def test_change_list_filters(personas, records):
    c = personas.officer.client
    page = c.get("/audit/?entity=activities.activity").content.decode()
    assert "Second title" in page and "Training needed." not in page
    page = c.get("/audit/?user=partner1").content.decode()
    assert "Second title" in page and "Training needed." not in page
    ChangeRecord.objects.filter(entity="activities.activity").update(
        at=dt.datetime(2020, 1, 5, 12, tzinfo=dt.UTC)
    )
    page = c.get("/audit/?from=2020-01-01&to=2020-01-31").content.decode()
    assert "Second title" in page and "Training needed." not in page
    page = c.get("/audit/?from=2021-01-01").content.decode()
    assert "Second title" not in page and "Training needed." in page
    # a bad date is ignored, not an error
    assert c.get("/audit/?from=yesterday").status_code == 200


def test_restore_goes_through_the_service_as_a_new_change(personas, records):
    act = records["activity"]
    retitle = ChangeRecord.objects.filter(
        entity="activities.activity", object_id=str(act.pk), action="update"
    ).get()
    page = personas.partner.client.get(_url(act)).content.decode()
    assert f'name="change" value="{retitle.pk}"' in page  # the owner is offered a restore
    assert "/restore/" not in personas.officer.client.get(_url(records["request"])).content.decode()
    r = personas.partner.client.post(
        _url(act, "restore/"), {"change": retitle.pk, "field": "title"}
    )
    assert r.status_code == 302
    assert Activity.objects.get(pk=act.pk).title == "First title"
    restored = ChangeRecord.objects.filter(action=ChangeRecord.Action.RESTORE).get()
    assert restored.actor_label == "partner1" and restored.before == {"title": "Second title"}
    assert restored.after == {"title": "First title"}
    assert restored.note == f"title restored from change {retitle.pk}"
    assert "restored from change" in personas.partner.client.get(_url(act)).content.decode()
    # the topics too (a many-to-many field), back to none
    personas.partner.client.post(_url(act, "restore/"), {"change": retitle.pk, "field": "topics"})
    assert list(Activity.objects.get(pk=act.pk).topics.all()) == []


def test_restore_is_refused_to_those_who_may_not_edit(personas, records):
    act = records["activity"]
    retitle = ChangeRecord.objects.filter(
        entity="activities.activity", object_id=str(act.pk), action="update"
    ).get()
    for name in ("fp_a", "fp_b"):
        r = getattr(personas, name).client.post(
            _url(act, "restore/"), {"change": retitle.pk, "field": "title"}
        )
        assert r.status_code == 403, name
    assert personas.anon.client.post(
        _url(act, "restore/"), {"change": retitle.pk, "field": "title"}
    ).status_code in (403, 404)
    # the statement's focal point sees its history, but only the secretariat reviews statements
    st = records["statement"]
    edit = ChangeRecord.objects.filter(entity="submissions.statement", note="edit").get()
    r = personas.fp_a.client.post(_url(st, "restore/"), {"change": edit.pk, "field": "text"})
    assert r.status_code == 403
    assert Statement.objects.get(pk=st.pk).text == "Training needed."
    r = personas.officer.client.post(_url(st, "restore/"), {"change": edit.pk, "field": "text"})
    assert r.status_code == 302 and Statement.objects.get(pk=st.pk).text == "We need training."
    assert Activity.objects.get(pk=act.pk).title == "Second title"


def test_restore_applies_the_services_validation(personas, records):
    """An earlier end date before a later start date is refused by save_activity's checks."""
    partner = personas.partner.user
    save_activity(partner, {"code": "act-1", "start_date": "2020-01-01", "end_date": "2020-02-01"})
    save_activity(partner, {"code": "act-1", "start_date": "2021-01-01", "end_date": "2021-12-31"})
    act = records["activity"]
    last = ChangeRecord.objects.filter(entity="activities.activity").order_by("-id").first()
    assert last is not None and last.before is not None
    assert last.before["end_date"] == "2020-02-01"
    r = personas.partner.client.post(
        _url(act, "restore/"), {"change": last.pk, "field": "end_date"}, follow=True
    )
    assert "before the start" in r.content.decode()
    assert Activity.objects.get(pk=act.pk).end_date == dt.date(2021, 12, 31)
    assert not ChangeRecord.objects.filter(action=ChangeRecord.Action.RESTORE).exists()
    # a field the app does not restore, and a record kind that changes only by its workflow
    r = personas.partner.client.post(
        _url(act, "restore/"), {"change": last.pk, "field": "code"}, follow=True
    )
    assert "cannot be restored" in r.content.decode()
    create = ChangeRecord.objects.filter(entity="assistance.request").get()
    r = personas.officer.client.post(
        _url(records["request"], "restore/"), {"change": create.pk, "field": "state"}, follow=True
    )
    assert "only through its workflow" in r.content.decode()


def test_history_api_per_persona(personas, records):
    act = records["activity"]
    url = f"/api/v1/history?entity=activities.activity&object_id={act.pk}"
    expected = {"officer": 200, "partner": 200, "fp_a": 403, "fp_b": 403, "anon": 401}
    for name, status in expected.items():
        assert getattr(personas, name).client.get(url).status_code == status, name
    items = personas.partner.client.get(url).json()["items"]
    assert items[0]["user"] == "partner1" and items[0]["action"] == "update"
    assert {"field": "title", "before": "First title", "after": "Second title"} in items[0][
        "changes"
    ]
    # the list without a record: each persona its own
    mine = {c["entity"] for c in personas.fp_a.client.get("/api/v1/history").json()["items"]}
    assert mine == {"assistance.request", "submissions.statement", "submissions.submission"}
    restore = f"/api/v1/history/{items[0]['id']}/restore"
    body = json.dumps({"field": "title"})
    assert (
        personas.fp_b.client.post(restore, body, content_type="application/json").status_code == 404
    )
    assert (
        personas.anon.client.post(restore, body, content_type="application/json").status_code == 401
    )
    r = personas.partner.client.post(restore, body, content_type="application/json")
    assert r.status_code == 200 and r.json()["action"] == "restore"
    assert Activity.objects.get(pk=act.pk).title == "First title"


def test_history_links_on_record_pages(personas, records):
    act = records["activity"]
    page = personas.partner.client.get(f"/activities/{act.code}/").content.decode()
    assert _url(act) in page
    assert _url(act) not in personas.fp_b.client.get(f"/activities/{act.code}/").content.decode()
    req = records["request"]
    assert _url(req) in personas.fp_a.client.get(f"/assistance/{req.pk}/").content.decode()
    sub, st = records["submission"], records["statement"]
    page = personas.officer.client.get(f"/submissions/s/{sub.pk}/").content.decode()
    assert _url(sub) in page and _url(st) in page


def test_record_change_takes_only_known_actions(personas):
    party = personas.world.party_a
    with pytest.raises(ValueError):
        record_change(None, "frobnicate", party)  # type: ignore[arg-type]
    rec = record_change(None, ChangeRecord.Action.STATUS, party, {"a": 1}, {"a": 2})
    assert rec.action == "status" and rec.get_action_display() == "status changed"


def test_a_resource_title_is_restored_through_save_resource(personas, settings):
    from minamata_kb.library.models import Resource
    from minamata_kb.library.records import ResourceData
    from minamata_kb.library.services import save_resource

    settings.SEARCH_EMBEDDERS = ["hash"]
    org, partner = personas.world.org, personas.partner.user
    save_resource(ResourceData("res-h1", "Guide v1", provider=org), actor=partner)
    res, outcome = save_resource(ResourceData("res-h1", "Guide v2", provider=org), actor=partner)
    assert outcome == "updated"
    change = ChangeRecord.objects.filter(entity="library.resource", action="update").get()
    for name, status in {"fp_a": 403, "anon": 404, "officer": 200, "partner": 200}.items():
        assert getattr(personas, name).client.get(_url(res)).status_code == status, name
    assert _url(res) in personas.partner.client.get("/library/r/res-h1/").content.decode()
    r = personas.partner.client.post(_url(res, "restore/"), {"change": change.pk, "field": "title"})
    assert r.status_code == 302 and Resource.objects.get(pk=res.pk).title == "Guide v1"
    assert ChangeRecord.objects.filter(entity="library.resource", action="restore").count() == 1
