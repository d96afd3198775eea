"""The work on a received submission that runs in the background (`tasks`): reading its
original's text, the classifier's proposed statements and the labels of statements typed into
the form. `services` queues it and offers the proposals to officers; neither this module nor
`tasks` imports `services`, so the work and its queue do not call each other back."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import transaction

from minamata_kb.accounts.permissions import require_secretariat
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core import filetext
from minamata_kb.core.actors import Actor
from minamata_kb.core.languages import detect_language
from minamata_kb.registry.models import Country
from minamata_kb.submissions.models import Statement, Submission
from minamata_kb.submissions.parts import FORM_ROLES
from minamata_kb.taxonomy.models import Article, Channel, StatementRole, Topic
from minamata_kb.textanalysis.service import text_classifier


def read_original(submission_id: int) -> tuple[Submission | None, bool]:
    """Read a pending submission's original into its text (the extraction task's body): the
    submission (None when it is gone) and whether its text was read now."""
    sub = Submission.objects.filter(pk=submission_id).first()
    if sub is None:
        return None, False

    def language(text: str) -> dict[str, Any]:
        return {} if sub.language else {"language": detect_language(text, default="")[:5]}

    result = filetext.read_original(sub, text_field="text", more=language)
    return sub, result is not None and not result.error


def statement_state(st: Statement) -> dict[str, Any]:
    """A statement's reviewable values, many-to-many included (for audit and the API)."""
    return {
        "role": st.role,
        "text": st.text,
        "status": st.status,
        "articles": sorted(st.articles.values_list("number", flat=True)),
        "topics": sorted(st.topics.values_list("slug", flat=True)),
        "countries": sorted(st.countries.values_list("iso3", flat=True)),
        "channel": st.channel.slug if st.channel_id else "",  # type: ignore[union-attr]
        "amount": str(st.amount) if st.amount is not None else None,
        "currency": st.currency,
        "period_start": st.period_start.isoformat() if st.period_start else None,
        "period_end": st.period_end.isoformat() if st.period_end else None,
    }


Classify = Callable[[str], list[tuple[str, Any]]]


def _default_classify(text: str) -> list[tuple[str, Any]]:
    return text_classifier().classify_paragraphs(text)


PROPOSAL_CHARS = 200_000  # characters of a submission's text the classifier reads


def _default_classify_one(text: str) -> Any:
    return text_classifier().classify_text(text)


def _folded(text: str) -> str:
    """A statement's text for comparison: case, spacing and punctuation ignored."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _proposal_json(found: Any) -> dict[str, Any]:
    data = dict(found.as_json())
    channel = getattr(found, "channel", None)
    data["channel"] = {"channel": channel[0], "score": round(channel[1], 4)} if channel else None
    return data


def label_form_statements(
    actor: Actor, sub: Submission, classify_one: Callable[[str], Any] | None = None
) -> list[Statement]:
    """Statements typed into the form with no articles and no topics get the classifier's
    (and a channel when they name one); the proposal keeps the confidences. Once only."""
    todo = [
        st
        for st in sub.statements.filter(source=Statement.Source.FORM).prefetch_related(
            "articles", "topics"
        )
        if not st.articles.all() and not st.topics.all() and "articles" not in st.proposal
    ]
    done: list[Statement] = []
    for st in todo:
        found = (classify_one or _default_classify_one)(st.text)  # slow: outside the transaction
        with transaction.atomic():
            before = statement_state(st)
            st.articles.set(Article.objects.filter(number__in=[a for a, _s in found.articles]))
            st.topics.set(Topic.objects.filter(slug__in=[t for t, _s in found.topics]))
            if not st.countries.exists():
                st.countries.set(Country.objects.filter(iso3__in=found.countries))
            channel = getattr(found, "channel", None)
            if st.channel_id is None and channel:
                st.channel = Channel.objects.filter(slug=channel[0]).first()
            st.proposal = {**(st.proposal or {}), **_proposal_json(found), "from": "form"}
            st.save(update_fields=["proposal", "channel"])
            record_change(
                actor,
                ChangeRecord.Action.UPDATE,
                st,
                before,
                statement_state(st),
                note="classified",
            )
        done.append(st)
    return done


def propose_statements(
    actor: Actor,
    sub: Submission,
    classify: Classify | None = None,
    classify_one: Callable[[str], Any] | None = None,
) -> list[Statement]:
    """Run the classifier over a submission's text; one proposed statement per paragraph
    that asserts a role, unless the submission already holds that statement (typed into the
    form, added by an officer, proposed before). Form statements without labels are labelled.
    Idempotent: running it again proposes nothing new."""
    if actor is not None:
        require_secretariat(actor)
    label_form_statements(actor, sub, classify_one)
    if sub.statements.filter(source=Statement.Source.CLASSIFIER).exists():
        return []
    # Outside the transaction (slow: every paragraph is embedded), and bounded: a text of a
    # million characters would otherwise hold a worker for many minutes.
    results = (classify or _default_classify)(sub.text[:PROPOSAL_CHARS])
    known_roles = set(StatementRole.objects.values_list("slug", flat=True)) or set(FORM_ROLES)
    channels = set(Channel.objects.values_list("slug", flat=True))
    made: list[Statement] = []
    with transaction.atomic():
        held = [_folded(t) for t in sub.statements.values_list("text", flat=True)]
        held = [h for h in held if h]
        for i, (paragraph, found) in enumerate(results):
            roles = [(r, s) for r, s in found.roles if r in known_roles]
            if not roles:
                continue
            para = _folded(paragraph)
            if any(h == para or h in para or (len(para) > 40 and para in h) for h in held):
                continue  # the form (or an officer, or an earlier run) already has it
            held.append(para)
            channel = getattr(found, "channel", None)
            st = Statement.objects.create(
                submission=sub,
                position=1000 + i,
                text=paragraph,
                role=roles[0][0],
                source=Statement.Source.CLASSIFIER,
                proposal=_proposal_json(found),
                channel=Channel.objects.filter(slug=channel[0]).first()
                if channel and channel[0] in channels
                else None,
            )
            st.articles.set(Article.objects.filter(number__in=[a for a, _s in found.articles]))
            st.topics.set(Topic.objects.filter(slug__in=[t for t, _s in found.topics]))
            st.countries.set(Country.objects.filter(iso3__in=found.countries))
            record_change(
                actor, ChangeRecord.Action.CREATE, st, None, statement_state(st), note="proposed"
            )
            made.append(st)
    return made
