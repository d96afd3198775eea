"""Background work: classifier proposals for an uploaded submission (django-tasks)."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from minamata_kb.core.filetext import State
from minamata_kb.submissions.models import Submission
from minamata_kb.submissions.processing import (
    label_form_statements,
    propose_statements,
    read_original,
)

log = logging.getLogger(__name__)


@task()
def propose_statements_task(submission_id: int) -> int:
    """Run the classifier over one submission; returns the number of proposals."""
    sub = Submission.objects.filter(pk=submission_id).first()
    if sub is None or sub.extraction_state != State.DONE:
        return 0  # gone, or its text is not read (yet): proposed once it is
    return len(propose_statements(None, sub))


@task()
def extract_submission_task(submission_id: int, propose: bool = False) -> str:
    """Read an uploaded original's text (limited child process); returns the final state."""
    sub, read = read_original(submission_id)
    if read and propose:  # its text is read: the classifier proposes statements from it
        transaction.on_commit(lambda: schedule_proposals(submission_id))
    return sub.extraction_state if sub is not None else ""


def schedule_extraction(submission_id: int, *, propose: bool = False) -> None:
    """Queue the reading of an original (inline, in its limited child, when immediate)."""
    extract_submission_task.enqueue(submission_id, propose)


@task()
def label_form_statements_task(submission_id: int) -> int:
    """Articles, topics and a channel for the statements typed into a web form."""
    sub = Submission.objects.filter(pk=submission_id).first()
    return len(label_form_statements(None, sub)) if sub is not None else 0


def schedule_form_labels(submission_id: int) -> None:
    """Queue the labelling of form statements; never fails the caller (the officer can
    still label them, and "Propose statements" labels them too)."""
    try:
        label_form_statements_task.enqueue(submission_id)
    except Exception:  # noqa: BLE001
        log.exception("could not label the form statements of submission %s", submission_id)


def schedule_proposals(submission_id: int) -> None:
    """Queue the proposals (inline with the immediate backend); never fails the caller."""
    try:
        propose_statements_task.enqueue(submission_id)
    except Exception:  # noqa: BLE001 - an officer can still press "Propose statements"
        log.exception("could not propose statements for submission %s", submission_id)
