"""Changing someone else's activity or event is refused before its values are merged and
validated, so no validation error can echo them (issue 15 item 11)."""

from __future__ import annotations

import json

import pytest

from minamata_kb.activities.models import Activity, Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "hidden", "public"),
    [
        ("/api/v1/activities", "bcrc-draft", "bcrc-inventories"),
        ("/api/v1/events", "ws-draft", "ws-1"),
    ],
)
def test_someone_elses_record_is_refused_before_validation(personas, acts, path, hidden, public):
    answers = []
    for code in (hidden, public):
        body = {"code": code, "amount": "abc", "currency": "QQQ", "start_date": "nope"}
        r = personas.fp_b.client.post(path, json.dumps(body), content_type="application/json")
        answers.append((r.status_code, r.json()["error"]["code"], r.json()["error"]["details"]))
    assert answers[0] == answers[1] and answers[0][:2] == (403, "forbidden"), answers
    assert Activity.objects.get(code="bcrc-draft").title == "Draft plan"
    assert Event.objects.get(code="ws-draft").title == "Hidden"
