"""Fixtures the submissions tests share."""

from __future__ import annotations

from typing import Any

import pytest

from minamata_kb.submissions.tests.factories import Queue, _proposed, _submission, make_call


@pytest.fixture
def queue(personas: Any) -> Queue:
    w = personas.world
    call = make_call(personas.officer.user)
    gha = _submission(personas.officer.user, w.party_a, call)
    mex = _submission(personas.officer.user, w.party_b, call)
    sts = [
        _proposed(gha, "Our miners need mercury-free equipment.", score=0.9, position=1),
        _proposed(gha, "Ghana received training from UNITAR.", "support_received", 0.4, 2),
        _proposed(mex, "Mexico needs a laboratory for mercury analysis.", score=0.6, position=1),
    ]
    return personas, sts
