"""Duplicated effort: flagged on save, reasons, officer decisions, boundaries."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest

from minamata_kb.matching import duplication
from minamata_kb.matching.models import DuplicatePair

if TYPE_CHECKING:
    from minamata_kb.activities.models import Activity

pytestmark = pytest.mark.django_db

TEXT = "Training of artisanal gold miners on mercury-free gravity concentration in Ghana"


def _activity(code: str, provider: dict[str, Any], **kw: Any) -> Activity:
    from minamata_kb.activities.services import save_activity

    data = {
        "code": code,
        "title": kw.pop("title", TEXT),
        "description": kw.pop("description", ""),
        "beneficiary_countries": kw.pop("countries", ["GHA"]),
        "topics": kw.pop("topics", ["asgm"]),
        "start_date": kw.pop("start", "2024-01-01"),
        "end_date": kw.pop("end", "2024-12-31"),
        "status": "ongoing",
        **provider,
        **kw,
    }
    activity, _ = save_activity(None, data)
    return activity


def test_flagged_on_save_with_reasons(ref_world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        a = _activity("a-1", {"provider_organisation": "bcrc-test"})
    with django_capture_on_commit_callbacks(execute=True):
        b = _activity(
            "b-1", {"provider_organisation": "other-ngo"}, start="2024-06-01", end="2025-06-01"
        )
    pair = DuplicatePair.objects.get()
    assert (pair.first_id, pair.second_id) == (a.pk, b.pk)
    codes = [r["code"] for r in pair.reasons]
    assert codes[:2] == ["same_country", "overlapping_period"] and "different_provider" in codes
    assert "Ghana" not in pair.why or "GHA" in pair.why
    assert pair.similarity >= duplication.THRESHOLD


def test_not_flagged_when_rules_fail(ref_world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _activity("a-1", {"provider_organisation": "bcrc-test"})
        _activity("same-provider", {"provider_organisation": "bcrc-test"})
        _activity("other-country", {"provider_organisation": "other-ngo"}, countries=["MEX"])
        _activity(
            "later", {"provider_organisation": "other-ngo"}, start="2026-01-01", end="2026-12-31"
        )
    assert DuplicatePair.objects.count() == 0


def test_compare_and_overlap_rules():
    a = duplication.Facts(
        "a", "org:x", {"GHA"}, {"asgm"}, dt.date(2024, 1, 1), dt.date(2024, 12, 31), TEXT
    )
    b = duplication.Facts("b", "org:y", {"GHA", "TGO"}, {"asgm"}, dt.date(2024, 6, 1), None, TEXT)
    sim, reasons, flagged = duplication.compare(a, b, 0.9)
    assert flagged and 0 < sim <= 1
    assert 0.5 < duplication.overlap(a, b)[1] < 0.7  # June to December of a one-year activity
    c = duplication.Facts("c", "org:y", {"GHA"}, {"waste"}, None, None, "Other")
    assert not duplication.compare(a, c, 0.1)[2]


def test_decisions_and_boundaries(ref_world, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _activity("a-1", {"provider_organisation": "bcrc-test"})
        _activity("b-1", {"provider_organisation": "other-ngo"})
    pair = DuplicatePair.objects.get()
    for p, expected in ((personas.fp_a, 403), (personas.partner, 403), (personas.anon, 401)):
        assert p.client.get("/api/v1/duplicates").status_code == expected, p.name
    assert personas.officer.client.get("/api/v1/duplicates").json()["items"][0]["id"] == pair.pk
    body = json.dumps({"decision": "distinct", "note": "different districts"})
    r = personas.fp_a.client.post(
        f"/api/v1/duplicates/{pair.pk}/decision", body, content_type="application/json"
    )
    assert r.status_code == 403
    r = personas.officer.client.post(
        f"/api/v1/duplicates/{pair.pk}/decision", body, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["decision"] == "distinct"
    assert personas.fp_a.client.get("/matching/duplicates/").status_code == 403
    assert personas.officer.client.get("/matching/duplicates/?decision=distinct").status_code == 200
    # a decided pair keeps its decision when the activity is saved again
    duplication.check_all()
    pair.refresh_from_db()
    assert pair.decision == "distinct"
