"""Requests to outcome (issue 18 item 3): plan, delivery, closure with the requester's rating;
due dates kept and honoured in the figures; statistics per year and region; per persona."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minamata_kb.activities.services import save_activity
from minamata_kb.assistance import selectors
from minamata_kb.assistance.models import Request
from minamata_kb.assistance.services import file_request, set_published
from minamata_kb.assistance.workflow import give_feedback, transition
from minamata_kb.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db
S = Request.State


def _answered(personas: Any, r) -> Any:
    o = personas.officer.user
    transition(o, r, S.TRIAGED)
    transition(o, r, S.ASSIGNED, assignee=o)
    return transition(o, r, S.ANSWERED, answer="See the guidance.")


def _activity(code: str = "help-1") -> Any:
    act, _ = save_activity(
        None, {"code": code, "title": "Help " + code, "provider_organisation": "bcrc-test"}
    )
    return act


def _closed(personas: Any, r, **kwargs) -> Any:
    _answered(personas, r)
    return transition(personas.fp_a.user, r, S.CLOSED, **kwargs)


# --- due dates ---------------------------------------------------------------------------


def test_a_due_date_set_at_triage_is_kept(personas, filed):
    o = personas.officer.user
    transition(o, filed, S.TRIAGED, due_date=dt.date(2031, 3, 1))
    assert Request.objects.get(pk=filed.pk).due_date == dt.date(2031, 3, 1)
    # assigning without a date keeps it; assigning with one moves it
    transition(o, filed, S.ASSIGNED, assignee=o)
    assert Request.objects.get(pk=filed.pk).due_date == dt.date(2031, 3, 1)
    transition(o, filed, S.ASSIGNED, assignee=o, due_date=dt.date(2031, 4, 1))
    assert Request.objects.get(pk=filed.pk).due_date == dt.date(2031, 4, 1)
    audit = ChangeRecord.objects.filter(entity="assistance.request", note="received -> triaged")
    assert audit.get().after == {"due_date": "2031-03-01", "state": "triaged"}


def test_a_due_date_on_another_step_is_refused_not_dropped(personas, filed):
    with pytest.raises(ValidationError) as exc:
        transition(
            personas.officer.user, filed, S.REJECTED, reason="r", due_date=dt.date(2031, 1, 1)
        )
    assert "due_date" in exc.value.message_dict
    assert Request.objects.get(pk=filed.pk).state == S.RECEIVED


def test_the_triage_page_keeps_the_due_date(personas, filed):
    r = personas.officer.client.post(
        f"/assistance/{filed.pk}/transition/", {"to_state": "triaged", "due_date": "2031-05-02"}
    )
    assert r.status_code == 302
    assert Request.objects.get(pk=filed.pk).due_date == dt.date(2031, 5, 2)


def test_an_overdue_request_counts_against_answered_by_the_due_date(personas, filed):
    """One request answered on time and one overdue: 50 %, not 100 %."""
    o = personas.officer.user
    transition(o, filed, S.TRIAGED, due_date=timezone.localdate() + dt.timedelta(days=5))
    transition(o, filed, S.ASSIGNED, assignee=o)
    transition(o, filed, S.ANSWERED, answer="done")
    late = file_request(
        personas.fp_a.user, personas.world.party_a, kind="information", title="t", text="x"
    )
    transition(o, late, S.TRIAGED, due_date=timezone.localdate() - dt.timedelta(days=3))
    # a third request, due later and not answered, is neither on time nor late yet
    ahead = file_request(
        personas.fp_a.user, personas.world.party_a, kind="information", title="u", text="y"
    )
    transition(o, ahead, S.TRIAGED, due_date=timezone.localdate() + dt.timedelta(days=30))
    f = selectors.response_times()
    assert f["overdue"] == 1 and f["answered"] == 1
    assert (f["answered_on_time"], f["with_due_date_reached"]) == (1, 2)
    assert f["answered_on_time_pct"] == 50
    page = personas.officer.client.get("/assistance/").content.decode()
    assert "50 %" in page and "100 %" not in page


def test_a_request_answered_after_its_due_date_is_late(personas, filed):
    o = personas.officer.user
    transition(o, filed, S.TRIAGED, due_date=timezone.localdate() - dt.timedelta(days=1))
    transition(o, filed, S.ASSIGNED, assignee=o)
    transition(o, filed, S.ANSWERED, answer="late")
    f = selectors.response_times()
    assert f["answered_on_time_pct"] == 0 and f["overdue"] == 0


# --- plan, delivery, closure, rating -----------------------------------------------------


def test_plan_delivery_and_closure_with_rating(personas, filed, django_capture_on_commit_callbacks):
    o, fp = personas.officer.user, personas.fp_a.user
    act = _activity()
    _answered(personas, filed)
    with django_capture_on_commit_callbacks(execute=True):
        r = transition(o, filed, S.PLANNED, plan="A mission in March, then a workshop.")
        assert mail.outbox == []  # nothing before the commit
    assert r.plan.startswith("A mission") and mail.outbox
    with pytest.raises(ValidationError) as exc:
        transition(o, r, S.IN_DELIVERY)
    assert "activities" in exc.value.message_dict
    r = transition(o, r, S.IN_DELIVERY, activities=["help-1"])
    assert list(r.delivery_activities.all()) == [act]
    r = transition(fp, r, S.CLOSED, rating=4, feedback="Useful mission.")
    assert (r.state, r.rating, r.feedback, r.feedback_by) == (S.CLOSED, 4, "Useful mission.", fp)
    assert r.closed_at and r.feedback_at
    notes = list(
        ChangeRecord.objects.filter(entity="assistance.request", action="transition")
        .order_by("at", "id")
        .values_list("note", flat=True)
    )
    assert notes[-3:] == ["answered -> planned", "planned -> in_delivery", "in_delivery -> closed"]
    last = ChangeRecord.objects.filter(note="in_delivery -> closed").get()
    assert last.after is not None and last.before is not None
    assert last.after["rating"] == 4 and last.before["rating"] is None


def test_plan_needs_text_and_steps_are_the_secretariats(personas, filed):
    _answered(personas, filed)
    with pytest.raises(ValidationError):
        transition(personas.officer.user, filed, S.PLANNED, plan="  ")
    with pytest.raises(PermissionDenied):
        transition(personas.fp_a.user, filed, S.PLANNED, plan="mine")
    assert Request.objects.get(pk=filed.pk).state == S.ANSWERED


def test_only_the_requesting_focal_point_rates_once_after_closure(personas, filed):
    _answered(personas, filed)
    # before closure: refused
    with pytest.raises(ValidationError):
        give_feedback(personas.fp_a.user, filed, 5)
    # the secretariat closes; it may not rate at closure
    with pytest.raises(PermissionDenied):
        transition(personas.officer.user, filed, S.CLOSED, rating=5)
    transition(personas.officer.user, filed, S.CLOSED)
    for p in (personas.officer, personas.fp_b, personas.partner):
        with pytest.raises(PermissionDenied):
            give_feedback(p.user, filed, 5)
    for bad in (0, 6, "x", None):
        with pytest.raises(ValidationError):
            give_feedback(personas.fp_a.user, filed, bad)
    r = give_feedback(personas.fp_a.user, filed, 2, "Too slow.")
    assert (r.rating, r.feedback) == (2, "Too slow.")
    with pytest.raises(ValidationError) as exc:
        give_feedback(personas.fp_a.user, filed, 5, "changed my mind")
    assert "already" in str(exc.value)
    assert Request.objects.get(pk=filed.pk).rating == 2
    assert ChangeRecord.objects.filter(action=ChangeRecord.Action.FEEDBACK).count() == 1


def test_rating_only_at_closure(personas, filed):
    _answered(personas, filed)
    with pytest.raises(ValidationError):
        transition(personas.officer.user, filed, S.PLANNED, plan="p", rating=3)


def test_answered_states_may_be_published(personas, filed):
    _answered(personas, filed)
    transition(personas.officer.user, filed, S.PLANNED, plan="p")
    assert set_published(personas.officer.user, filed, True).published


# --- statistics --------------------------------------------------------------------------


def test_statistics_per_year_and_region(personas, filed):
    w = personas.world
    w.gha.un_regional_group = "Africa"
    w.gha.save()
    w.mex.un_regional_group = "Latin America and the Caribbean"
    w.mex.save()
    _closed(personas, filed, rating=5, feedback="good")
    other = file_request(personas.fp_b.user, w.party_b, kind="information", title="t", text="x")
    Request.objects.filter(pk=other.pk).update(
        received_at=timezone.make_aware(dt.datetime(2024, 6, 1, 12))
    )
    stats = selectors.request_statistics()
    year = timezone.localdate().year
    keys = [(row["year"], row["region"]) for row in stats["rows"]]
    assert keys == [(2024, "Latin America and the Caribbean"), (year, "Africa")]
    africa = stats["rows"][1]
    assert africa["requests"] == 1 and africa["closed"] == 1 and africa["answered"] == 1
    assert africa["mean_rating"] == 5 and africa["ratings"]["5"] == 1
    assert africa["request_ids"] == [filed.pk]
    assert stats["total"]["requests"] == 2 and stats["total"]["rated"] == 1
    only = selectors.request_statistics(year=2024)
    assert [r["request_ids"] for r in only["rows"]] == [[other.pk]]
    by_m49 = selectors.request_statistics(by="region", region="Africa")
    assert by_m49["total"]["request_ids"] == [filed.pk]
    with pytest.raises(ValueError):
        selectors.request_statistics(by="continent")


# --- pages and API per persona -----------------------------------------------------------


def test_officer_form_shows_only_the_fields_of_the_current_step(personas, filed):
    c = personas.officer.client
    page = c.get(f"/assistance/{filed.pk}/").content.decode()
    # received: triage (with a due date), reject, withdraw; never "Rejected" by default
    assert 'name="due_date"' in page and 'name="answer"' not in page
    assert 'name="plan"' not in page and 'name="rating"' not in page
    assert '<option value="triaged" selected>' in page
    assert '<option value="rejected" selected>' not in page
    # no Publish before an answer
    assert "/publish/" not in page
    _answered(personas, filed)
    page = c.get(f"/assistance/{filed.pk}/").content.decode()
    assert 'name="plan"' in page and 'name="answer"' not in page
    assert "/publish/" in page
    assert '<option value="planned"' in page


def test_officer_picks_resources_and_activities_from_lists(personas, filed):
    from minamata_kb.library.models import Resource

    Resource.objects.create(external_id="res-1", title="Guide", language="en", published=True)
    _activity()
    o = personas.officer.user
    transition(o, filed, S.TRIAGED)
    transition(o, filed, S.ASSIGNED, assignee=o)
    c = personas.officer.client
    page = c.get(f"/assistance/{filed.pk}/").content.decode()
    assert '<option value="res-1">Guide (res-1)</option>' in page
    assert '<option value="help-1">' in page
    r = c.post(
        f"/assistance/{filed.pk}/transition/",
        {"to_state": "answered", "answer": "See", "resources": ["res-1"], "activities": ["help-1"]},
    )
    assert r.status_code == 302
    req = Request.objects.get(pk=filed.pk)
    assert req.answer_resources == ["res-1"]
    assert [a.code for a in req.answer_activities.all()] == ["help-1"]


def test_closing_and_rating_pages_per_persona(personas, filed):
    _answered(personas, filed)
    url = f"/assistance/{filed.pk}/"
    page = personas.fp_a.client.get(url).content.decode()
    assert 'name="rating"' in page  # the focal point closes and rates in one step
    assert 'name="rating"' not in personas.officer.client.get(url).content.decode()
    r = personas.fp_a.client.post(
        url + "transition/", {"to_state": "closed", "rating": "3", "feedback": "Fine."}
    )
    assert r.status_code == 302
    req = Request.objects.get(pk=filed.pk)
    assert (req.state, req.rating, req.feedback) == (S.CLOSED, 3, "Fine.")
    page = personas.fp_a.client.get(url).content.decode()
    assert "3 out of 5" in page and "/feedback/" not in page  # once only
    listing = personas.officer.client.get("/assistance/").content.decode()
    assert "3.0 (ratings: 1)" in listing
    r = personas.fp_a.client.post(url + "feedback/", {"rating": "5"})
    assert r.status_code == 422 and Request.objects.get(pk=filed.pk).rating == 3


def test_feedback_page_per_persona(personas, filed):
    _answered(personas, filed)
    transition(personas.officer.user, filed, S.CLOSED)
    url = f"/assistance/{filed.pk}/feedback/"
    assert "/feedback/" in personas.fp_a.client.get(f"/assistance/{filed.pk}/").content.decode()
    assert (
        "/feedback/" not in personas.officer.client.get(f"/assistance/{filed.pk}/").content.decode()
    )
    expected = {"officer": 403, "fp_b": 403, "partner": 403, "anon": 403}
    for name, status in expected.items():
        r = getattr(personas, name).client.post(url, {"rating": "1"})
        assert r.status_code == status, name
    assert Request.objects.get(pk=filed.pk).rating is None
    r = personas.fp_a.client.post(url, {"rating": "4", "feedback": "Good"})
    assert r.status_code == 302 and Request.objects.get(pk=filed.pk).rating == 4


def test_feedback_api_per_persona(personas, filed):
    _answered(personas, filed)
    transition(personas.officer.user, filed, S.CLOSED)
    url = f"/api/v1/requests/{filed.pk}/feedback"
    body = json.dumps({"rating": 5, "feedback": "Great"})
    expected = {"anon": 401, "officer": 403, "fp_b": 403, "partner": 403}
    for name, status in expected.items():
        r = getattr(personas, name).client.post(url, body, content_type="application/json")
        assert r.status_code == status, name
    bad = personas.fp_a.client.post(url, json.dumps({"rating": 9}), content_type="application/json")
    assert bad.status_code == 422
    r = personas.fp_a.client.post(url, body, content_type="application/json")
    assert r.status_code == 200 and r.json()["rating"] == 5 and r.json()["feedback"] == "Great"
    again = personas.fp_a.client.post(url, body, content_type="application/json")
    assert again.status_code == 422


def test_transition_api_carries_plan_and_delivery(personas, filed):
    _answered(personas, filed)
    _activity()
    url = f"/api/v1/requests/{filed.pk}/transition"
    c = personas.officer.client
    r = c.post(
        url, json.dumps({"state": "planned", "plan": "Plan"}), content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["plan"] == "Plan"
    r = c.post(
        url,
        json.dumps({"state": "in_delivery", "activities": ["help-1"]}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["delivery_activities"] == ["help-1"]
    r = personas.fp_a.client.post(
        url,
        json.dumps({"state": "in_delivery", "activities": ["help-1"]}),
        content_type="application/json",
    )
    assert r.status_code == 403


def test_statistics_api_is_the_secretariats(personas, filed):
    url = "/api/v1/requests-statistics"
    assert personas.officer.client.get(url).json()["total"]["requests"] == 1
    for name in ("fp_a", "fp_b", "partner", "anon"):
        assert getattr(personas, name).client.get(url).status_code in (401, 403), name
