"""Homes that are work lists: per persona, and every counted queue opens filtered to exactly the
items it counts (the count on the home page equals the length of the list its link opens)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from minamata_kb.core.extensions import attention_items

pytestmark = pytest.mark.django_db


def _listed(response: Any) -> int:
    """How many rows the list page shows in all (its paginator, or its whole list)."""
    ctx = response.context
    if "page" in ctx and hasattr(ctx["page"], "paginator"):
        return int(ctx["page"].paginator.count)
    if "total" in ctx:  # the statements review page shows the first rows of `total`
        return int(ctx["total"])
    for key in ("calls", "reports"):
        if key in ctx:
            return len(list(ctx[key]))
    raise AssertionError(f"no list in the context of {response.request['PATH_INFO']}")


@pytest.fixture
def work(personas: Any) -> Any:
    """Needs (unmatched, with proposed matches, matched and decided), calls (closing soon, far),
    a national report submitted and not published, assistance requests, activities."""
    from minamata_kb.activities.models import Activity
    from minamata_kb.assistance.services import file_request
    from minamata_kb.matching import services as matching
    from minamata_kb.matching.models import Match
    from minamata_kb.submissions.tests.factories import make_call

    w = personas.world
    needs = [
        matching.save_need(None, party=w.party_a, text=f"Mercury waste storage need {i}")[0]
        for i in range(3)
    ] + [
        matching.save_need(None, party=w.party_b, text=f"Dental amalgam phase-down need {i}")[0]
        for i in range(2)
    ]
    # two proposed matches on one need (counted once), one on a need of party B, one decided
    for ref in ("R-1", "R-2"):
        Match.objects.create(need=needs[0], kind="resource", target_ref=ref, decision="proposed")
    Match.objects.create(need=needs[3], kind="resource", target_ref="R-1", decision="proposed")
    Match.objects.create(need=needs[4], kind="resource", target_ref="R-3", decision="accepted")
    for n in needs[:2]:
        n.matched_at = timezone.now()
        n.save(update_fields=["matched_at"])
    today = timezone.localdate()
    make_call(personas.officer.user, deadline=today + dt.timedelta(days=5))
    make_call(personas.officer.user, deadline=today + dt.timedelta(days=60))
    file_request(
        personas.fp_a.user, w.party_a, kind="expert_advice", title="Advice on storage", text="?"
    )
    Activity.objects.create(
        code="act-org-1", title="Training", provider_organisation=w.org, published=False
    )
    Activity.objects.create(code="act-org-2", title="Workshop", provider_organisation=w.org)
    return needs


def _request(persona: Any) -> Any:
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = persona.user or AnonymousUser()
    return request


@pytest.mark.parametrize("who", ["officer", "fp_a", "fp_b", "partner"])
def test_each_counted_item_opens_a_list_of_exactly_that_many(personas, work, who):
    persona = getattr(personas, who)
    counted = [i for i in attention_items(_request(persona)) if i["count"] is not None]
    assert counted, f"{who} has no counted item on the home page"
    for item in counted:
        r = persona.client.get(item["url"])
        assert r.status_code == 200, item
        assert _listed(r) == item["count"], (who, item["label"], item["url"])


def test_officer_queues_count_what_they_say_and_fall_as_work_is_done(personas, work):
    items = {i["label"]: i for i in attention_items(_request(personas.officer))}
    assert items["Needs not matched yet"]["count"] == 3
    assert items["Needs with proposed matches to review"]["count"] == 2  # needs, not matches
    assert items["Calls closing within 14 days"]["count"] == 1
    assert items["Assistance requests to triage"]["count"] == 1
    work[0].matches.update(decision="accepted")
    items = {i["label"]: i for i in attention_items(_request(personas.officer))}
    assert items["Needs with proposed matches to review"]["count"] == 1


def test_focal_point_home_lists_its_own_work_only(personas, work):
    page = personas.fp_a.client.get("/").content.decode()
    assert "Your work" in page
    assert "Open calls you have not answered yet" in page
    assert "Advice on storage" in page  # its request, with its next step
    assert "with the secretariat" in page
    assert "Your needs with matches proposed to you" in page
    assert "Needs not matched yet" not in page  # the secretariat's queue
    other = personas.fp_b.client.get("/").content.decode()
    assert "Advice on storage" not in other


def test_editor_home_lists_its_organisation_items(personas, work):
    labels = {i["label"]: i["count"] for i in attention_items(_request(personas.partner))}
    assert labels == {
        "Activities of Test Regional Centre": 2,
        "Of which drafts, not yet published": 1,
        "Open calls you have not answered yet": 2,
        # always listed, so an editor finds where to follow its offers of help
        "Offers of help from Test Regional Centre": 0,
    }


def test_public_home_search_box_first_then_news_calls_programme(personas, work):
    from minamata_kb.library.models import Resource

    Resource.objects.create(
        external_id="RES-NEW-1",
        title="Guidance on mercury storage",
        language="en",
        published=True,
        published_at=timezone.now(),
    )
    page = personas.anon.client.get("/").content.decode()
    search = page.index('role="search" class="home-search"')
    assert search < page.index("new in the library")
    assert search < page.index("Guidance on mercury storage")
    assert "Open calls for information" in page and "Test call" in page
    assert "The programme at a glance" in page
    assert 'dir="auto">Guidance on mercury storage' in page
    assert "Your work" not in page and "What needs attention" not in page
