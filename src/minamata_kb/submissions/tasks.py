"""Background work: classifier proposals for an uploaded submission (django-tasks)."""

from __future__ import annotations

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def propose_statements_task(submission_id: int) -> int:
    """Run the classifier over one submission; returns the number of proposals."""
    from minamata_kb.submissions.models import Submission
    from minamata_kb.submissions.services import propose_statements

    sub = Submission.objects.filter(pk=submission_id).first()
    if sub is None:
        return 0
    return len(propose_statements(None, sub))


def schedule_proposals(submission_id: int) -> None:
    """Queue the proposals (inline with the immediate backend); never fails the caller."""
    try:
        propose_statements_task.enqueue(submission_id)
    except Exception:  # noqa: BLE001 - an officer can still press "Propose statements"
        log.exception("could not propose statements for submission %s", submission_id)
