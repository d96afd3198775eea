"""Needs follow statements: confirming a need statement makes its need, rejecting retracts it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from minamata_kb.matching.models import Need
from minamata_kb.submissions import statement_review

if TYPE_CHECKING:
    from minamata_kb.submissions.models import Statement

pytestmark = pytest.mark.django_db


def _statement(
    personas: Any, role: str = "need", text: str = "We need help to store mercury safely."
) -> Statement:
    from minamata_kb.submissions.models import Statement
    from minamata_kb.submissions.tests.factories import _submission, make_call

    call = make_call(personas.officer.user)
    sub = _submission(personas.officer.user, personas.world.party_a, call)
    return Statement.objects.create(submission=sub, text=text, role=role)


def _needs(st: Statement) -> list[Need]:
    return list(Need.objects.filter(source_kind="statement", source_id=st.pk))


def test_confirming_a_need_statement_creates_its_need_once(personas: Any) -> None:
    st = _statement(personas)
    assert _needs(st) == []  # a proposal is no need yet
    statement_review.review_statement(personas.officer.user, st, "confirm")
    (need,) = _needs(st)
    assert need.text == st.text and need.party == personas.world.party_a
    assert need.status == "open" and need.source_ref == f"ST-{st.pk}"
    # confirming again, or editing the text, updates the same need (idempotent, linked)
    statement_review.review_statement(personas.officer.user, st, "confirm")
    statement_review.review_statement(
        personas.officer.user, st, "edit", {"text": "We need a safe store for mercury waste."}
    )
    (again,) = _needs(st)
    assert again.pk == need.pk and again.text == "We need a safe store for mercury waste."


def test_rejecting_retracts_and_reconfirming_reopens(personas: Any) -> None:
    st = _statement(personas, role="challenge", text="Our laboratory lacks mercury analysers.")
    statement_review.review_statement(personas.officer.user, st, "confirm")
    (need,) = _needs(st)
    statement_review.review_statement(personas.officer.user, st, "reject")
    need.refresh_from_db()
    assert need.status == "closed" and not need.published
    statement_review.review_statement(personas.officer.user, st, "confirm")
    need.refresh_from_db()
    assert need.status == "open"


def test_role_changed_away_from_need_retracts(personas: Any) -> None:
    st = _statement(personas)
    statement_review.review_statement(personas.officer.user, st, "confirm")
    statement_review.review_statement(
        personas.officer.user, st, "edit", {"role": "support_received"}
    )
    (need,) = _needs(st)
    assert need.status == "closed"


def test_other_roles_make_no_need(personas: Any) -> None:
    st = _statement(personas, role="support_received", text="Ghana received training.")
    statement_review.review_statement(personas.officer.user, st, "confirm")
    assert _needs(st) == []


def test_withdrawing_the_submission_retracts_its_needs(personas: Any) -> None:
    """A withdrawn submission is kept but no longer counted: the needs drawn from its confirmed
    statements close and leave the public lists; confirming a statement of it again, or drawing
    needs from sources, brings none back."""
    from minamata_kb.matching import services
    from minamata_kb.submissions import services as submissions

    st = _statement(personas)
    statement_review.review_statement(personas.officer.user, st, "confirm")
    (need,) = _needs(st)
    assert need.status == "open"
    submissions.withdraw_submission(personas.fp_a.user, st.submission, "Sent by mistake")
    need.refresh_from_db()
    assert need.status == "closed" and not need.published
    st.refresh_from_db()
    statement_review.review_statement(personas.officer.user, st, "confirm")
    services.needs_from_sources(personas.officer.user)
    (need,) = _needs(st)
    assert need.status == "closed"
    assert not Need.objects.not_matched_yet().filter(pk=need.pk).exists()


def test_a_new_version_moves_the_need_instead_of_making_a_second(personas: Any) -> None:
    """Ghana sent a new version of a submission on the demo and its need statement, confirmed
    again, made a second open need beside the first (the replaced version's, still open).
    Replacing retracts the old version's needs; confirming the same statement in the new
    version moves the need (its matches and decisions) to it; a need the new version drops
    stays retracted."""
    from minamata_kb.matching import offers
    from minamata_kb.submissions import services as submissions
    from minamata_kb.submissions.models import Statement

    st = _statement(personas)
    dropped = Statement.objects.create(
        submission=st.submission, text="Our customs lack mercury test kits.", role="challenge"
    )
    for s in (st, dropped):
        statement_review.review_statement(personas.officer.user, s, "confirm")
    (need,) = _needs(st)
    offered = offers.offer_help(personas.partner.user, need, personas.world.org, "Training")
    new = submissions.submit(
        personas.fp_a.user,
        st.submission.call,
        party=personas.world.party_a,
        parts=[{"role": "need", "text": "We need help to store mercury safely!"}],
        replaces=st.submission,
    )
    need.refresh_from_db()
    assert need.status == "closed"  # the replaced version no longer counts
    (again,) = new.statements.all()
    statement_review.review_statement(personas.officer.user, again, "confirm")
    need.refresh_from_db()
    assert need.status == "open" and need.source_id == again.pk
    assert need.source_ref == f"ST-{again.pk}" and offered in need.matches.all()
    assert Need.objects.filter(party=personas.world.party_a, status="open").count() == 1
    (old_challenge,) = _needs(dropped)
    assert old_challenge.status == "closed"
