"""Needs follow their statements (issue 13, build item 4).

Confirming a need or challenge statement of a party creates its need, or updates the need it
already has (one need per statement, linked by ``source_kind="statement"`` and the statement's
id); rejecting the statement, changing its role to something that is not a need, or
withdrawing its submission or replacing it by a new version, retracts the need (closed and
unpublished: its matches and their decisions stay on record). Confirming it again reopens the
need; confirming the same statement in the new version moves the need to it.

The matching app subscribes to the submissions app's ``post_save`` of ``Statement`` and to its
``submission_withdrawn`` and ``submission_replaced`` signals (see ``MatchingConfig.ready``): imports point down,
submissions knows nothing of matching. The need is written in the same transaction as the
review or the withdrawal, so one that fails leaves the need as it was.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import change_fields
from minamata_kb.matching.models import Need
from minamata_kb.matching.services import MAX_NEED_CHARS, save_need
from minamata_kb.matching.sources import NEED_ROLES

log = logging.getLogger(__name__)


def statement_ref(st: Any) -> str:
    return f"ST-{st.pk}"


def _existing(st: Any) -> Any:
    return Need.objects.filter(
        source_kind=Need.Source.STATEMENT, source_id=st.pk, source_ref=statement_ref(st)
    ).first()


def follow_statement(st: Any) -> tuple[Any, str]:
    """Bring the statement's need in line with the statement; returns (need|None, outcome)
    where outcome is 'created', 'updated', 'unchanged', 'retracted' or 'none'."""
    party = getattr(st.submission, "party", None)
    is_need = st.role in NEED_ROLES and party is not None and st.submission.counts
    need = _existing(st)
    if st.status == "confirmed" and is_need:
        need = need or _predecessor(st)  # a new version's statement keeps the need it had
        topics = list(st.topics.values_list("slug", flat=True))
        articles = list(st.articles.values_list("number", flat=True))
        need, outcome = save_need(
            None,
            party=party,
            text=st.text[:MAX_NEED_CHARS],  # a long statement still makes its need
            language=getattr(st.submission, "language", "") or None,
            topics=topics or None,
            articles=articles or None,
            source_kind=Need.Source.STATEMENT,
            source_id=st.pk,
            source_ref=statement_ref(st),
            published=bool(st.is_published),
            need=need,
            classify=not (topics or articles),
        )
        if need.status == Need.Status.CLOSED:
            change_fields(None, ChangeRecord.Action.STATUS, need, {"status": Need.Status.OPEN})
            outcome = "updated"
        return need, outcome
    if need is None:
        return None, "none"
    if need.status == Need.Status.CLOSED and not need.published:
        return need, "unchanged"
    change_fields(
        None,
        ChangeRecord.Action.STATUS,
        need,
        {"status": Need.Status.CLOSED, "published": False},
        note="retracted",
    )
    return need, "retracted"


def _folded(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _predecessor(st: Any) -> Any:
    """The need of the same statement in an earlier version of its submission (same text,
    confirmed, a need or challenge), so that a new version moves the need, with its matches
    and decisions, instead of making a second one."""
    text, earlier = _folded(st.text), getattr(st.submission, "replaces", None)
    while earlier is not None:
        same = [
            old.pk
            for old in earlier.statements.filter(status="confirmed", role__in=NEED_ROLES)
            if _folded(old.text) == text
        ]
        found = (
            Need.objects.filter(source_kind=Need.Source.STATEMENT, source_id__in=same)
            .order_by("-pk")
            .first()
        )
        if found is not None:
            return found
        earlier = earlier.replaces
    return None


def submission_withdrawn(sender: Any, submission: Any, **kwargs: Any) -> None:
    """A withdrawn submission, or one replaced by a new version, no longer counts: the needs
    of its statements are retracted (a new version's same statement takes its need back
    when confirmed)."""
    for st in submission.statements.filter(status="confirmed").select_related("submission"):
        st.submission = submission  # the withdrawn state, not a stale copy
        follow_statement(st)


def statement_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """post_save receiver: only reviewed statements (confirmed or rejected) move a need."""
    if raw or instance.status not in ("confirmed", "rejected"):
        return
    follow_statement(instance)
