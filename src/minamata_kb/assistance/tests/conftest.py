"""Fixtures of the assistance tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def filed(personas: Any) -> Any:
    """A request of Ghana's focal point (party A), just received; mail outbox emptied."""
    from django.core import mail

    from minamata_kb.assistance.services import file_request

    personas.fp_a.user.email = "fp-a@example.org"
    personas.fp_a.user.save()
    personas.officer.user.email = "officer@example.org"
    personas.officer.user.save()
    r = file_request(
        personas.fp_a.user,
        personas.world.party_a,
        kind="expert_advice",
        title="Advice on amalgam separators",
        text="Please review our draft rule.",
        articles=[4],
        topics=["dental_amalgam"],
    )
    mail.outbox.clear()
    return r


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A request with Accept-Language leaves its language active in the thread; reset it."""
    yield
    from django.utils import translation

    translation.activate("en")
