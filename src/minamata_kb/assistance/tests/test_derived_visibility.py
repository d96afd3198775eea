"""Issue 15, item 8: a published request does not publish the unpublished activities (or draft
resources) its answer names."""

from __future__ import annotations

import pytest

from minamata_kb.activities.services import save_activity
from minamata_kb.assistance.models import Request
from minamata_kb.library.models import Resource

pytestmark = pytest.mark.django_db


def test_published_answer_names_only_what_the_reader_may_see(personas):
    w = personas.world
    hidden, _ = save_activity(
        None,
        {"code": "bcrc-secret", "title": "Secret mission plan", "provider_organisation": "bcrc-test",
         "published": False},
    )  # fmt: skip
    Resource.objects.create(
        external_id="draft-guide", title="Draft guide title", language="en", published=False
    )
    r = Request.objects.create(
        party=w.party_a,
        kind="expert_advice",
        title="Help",
        text="Please help.",
        state=Request.State.ANSWERED,
        answer="See these.",
        answer_resources=["draft-guide"],
        published=True,
    )
    r.answer_activities.set([hidden])
    for p in personas.all:
        sees = p.name in ("officer1", "partner1")  # the secretariat, the activity's owner
        body = p.client.get(f"/api/v1/requests/{r.pk}").json()
        assert (body["answer_activities"] == ["bcrc-secret"]) == sees, p.name
        page = p.client.get(f"/assistance/{r.pk}/")
        assert page.status_code == 200, p.name
        html = page.content.decode()
        assert ("Secret mission plan" in html) == sees, p.name
        assert "Draft guide title" not in html, p.name  # the reference is shown, not the title
