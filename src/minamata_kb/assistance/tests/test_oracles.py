"""The assignee field does not tell anyone which user names exist (issue 15 item 11)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from minamata_kb.assistance.models import Request
from minamata_kb.assistance.workflow import transition

pytestmark = pytest.mark.django_db


def test_assignee_answers_the_same_for_real_and_invented_users(personas, filed):
    transition(personas.officer.user, filed, Request.State.TRIAGED)
    url = f"/api/v1/requests/{filed.pk}/transition"

    def ask(persona: Any, name: str) -> tuple[int, Any]:
        body = json.dumps({"state": "assigned", "assignee": name})
        r = persona.client.post(url, body, content_type="application/json")
        return r.status_code, r.json()

    # the requesting party may see the request but not assign it: one refusal for any name
    real, invented = ask(personas.fp_a, "officer1"), ask(personas.fp_a, "no-such-user")
    assert real == invented and real[0] == 403
    # the secretariat: a user outside the secretariat and a name nobody has read alike
    outsider, invented = ask(personas.officer, "fp-a"), ask(personas.officer, "no-such-user")
    assert outsider == invented and outsider[0] == 422
    assert "member of the secretariat" in json.dumps(outsider[1])
    filed.refresh_from_db()
    assert filed.state == Request.State.TRIAGED and filed.assignee is None
    ok = ask(personas.officer, "officer1")
    assert ok[0] == 200 and ok[1]["state"] == "assigned"
