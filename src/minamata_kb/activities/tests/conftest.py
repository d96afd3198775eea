"""Fixtures of the activities tests: a few activities and events built in code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest


@pytest.fixture
def acts(personas: Any) -> Any:
    """Published and draft activities of the partner org, the secretariat and Ghana."""
    from minamata_kb.activities.models import Event, Participation
    from minamata_kb.activities.services import save_activity

    pub, _ = save_activity(
        None,
        {
            "code": "bcrc-inventories",
            "title": "Inventory training",
            "provider_organisation": "bcrc-test",
            "executing_partners": ["other-ngo"],
            "channel": "regional_centre",
            "funding_source": "special_trust_fund",
            "amount": "1000.50",
            "currency": "USD",
            "beneficiary_countries": ["TUV", "CHN"],
            "articles": ["8"],
            "topics": ["inventories", "emissions"],
            "start_date": "2023-01-01",
            "end_date": "2023-12-31",
            "status": "completed",
            "outputs": [
                {"resource_ref": "res-1", "title": "Toolkit", "url": "https://example.org/t"}
            ],
            "results": [
                {
                    "indicator": "Inventories",
                    "unit": "n",
                    "baseline": "0",
                    "target": "4",
                    "actual": "3",
                }
            ],
        },
    )
    draft, _ = save_activity(
        None,
        {
            "code": "bcrc-draft",
            "title": "Draft plan",
            "provider_organisation": "bcrc-test",
            "beneficiary_countries": ["GHA"],
            "published": False,
        },
    )
    ghana, _ = save_activity(
        None,
        {
            "code": "gha-bilateral",
            "title": "Ghana helps Mexico",
            "provider_party": "GHA",
            "channel": "bilateral",
            "beneficiary_countries": ["MEX"],
            "topics": ["asgm"],
        },
    )
    w = personas.world
    event = Event.objects.create(
        code="ws-1",
        title="Workshop",
        kind=Event.Kind.WORKSHOP,
        organiser=w.org,
        activity=pub,
        start_date=dt.date(2023, 3, 1),
        end_date=dt.date(2023, 3, 2),
    )
    Participation.objects.create(event=event, country=w.gha, women=3, men=2)
    Participation.objects.create(event=event, country=w.mex, women=1, men=4, other=1)
    Participation.objects.create(event=event, country=w.tuv, women=2, men=0)
    hidden = Event.objects.create(
        code="ws-draft", title="Hidden", kind=Event.Kind.TRAINING, organiser=w.org, published=False
    )
    return SimpleNamespace(pub=pub, draft=draft, ghana=ghana, event=event, hidden=hidden)


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A request with Accept-Language leaves its language active in the thread; reset it."""
    yield
    from django.utils import translation

    translation.activate("en")
