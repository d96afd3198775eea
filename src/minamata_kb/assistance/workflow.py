"""The steps of an assistance request's workflow: which steps each state allows and who may
take them; `transition` (triage, assignment, answer, plan, delivery, closure with the
requester's rating, or an early end) and `give_feedback` (the rating after closure). One
transaction each, with an audit record and e-mail; a step adds a Transition row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import can_act_for_party, is_secretariat, user_party
from minamata_kb.activities.models import Activity
from minamata_kb.assistance.models import RATINGS, Request, Transition
from minamata_kb.assistance.services import notify, state_of
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core.actors import Actor, recorded
from minamata_kb.core.sanitize import plain_text

S = Request.State
ALLOWED: dict[str, set[str]] = {
    S.RECEIVED: {S.TRIAGED, S.REJECTED, S.WITHDRAWN},
    S.TRIAGED: {S.ASSIGNED, S.REJECTED, S.WITHDRAWN},
    S.ASSIGNED: {S.ASSIGNED, S.ANSWERED, S.REJECTED, S.WITHDRAWN},
    S.ANSWERED: {S.PLANNED, S.CLOSED, S.ASSIGNED},
    S.PLANNED: {S.PLANNED, S.IN_DELIVERY, S.CLOSED},
    S.IN_DELIVERY: {S.IN_DELIVERY, S.CLOSED},
    S.CLOSED: set(),
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}
# Steps a focal point of the request's party may take; all others are the secretariat's.
PARTY_STEPS = {S.WITHDRAWN, S.CLOSED}
# Steps at which the secretariat sets (or moves) the date the answer is due.
DUE_DATE_STEPS = {S.TRIAGED, S.ASSIGNED}


def _require_view_party(actor: Actor, request: Request) -> None:
    if not can_act_for_party(actor, request.party):
        raise PermissionDenied(_("You may act only on your own party's requests."))


def _state_label(state: str) -> str:
    return str(dict(Request.State.choices).get(state, state))


def _activities(codes: list[str] | None, field: str, errors: dict[str, list[str]]) -> list[Any]:
    wanted = [c.strip() for c in (codes or []) if c and c.strip()]
    found = list(Activity.objects.filter(code__in=wanted))
    missing = sorted(set(wanted) - {a.code for a in found})
    if missing:
        errors.setdefault(field, []).append(
            _("unknown activity: %(v)s") % {"v": ", ".join(missing)}
        )
    return found


def _check_feedback(
    actor: Actor, request: Request, rating: Any, feedback: str, errors: dict[str, list[str]]
) -> int:
    """The rating (1-5) the requesting party's focal point gives, once; raise if not theirs."""
    own = user_party(actor)
    if own is None or own.pk != request.party_id:
        raise PermissionDenied(
            _("Only a focal point of the requesting party may rate the outcome.")
        )
    if request.rating is not None:
        errors.setdefault("rating", []).append(_("the outcome was already rated"))
    try:
        value = int(rating)
    except (TypeError, ValueError):
        value = 0
    if value not in RATINGS:
        errors.setdefault("rating", []).append(_("give a rating from 1 to 5"))
    return value


def _check_step(actor: Actor, request: Request, to_state: str) -> None:
    """A known state, a step the workflow allows from here, taken by someone who may."""
    if to_state not in Request.State.values:
        raise ValidationError({"state": [_("unknown state %(v)r") % {"v": to_state}]})
    if to_state not in ALLOWED[request.state]:
        raise ValidationError(
            {
                "state": [
                    _("A request cannot go from %(a)s to %(b)s.")
                    % {"a": _state_label(request.state), "b": _state_label(to_state)}
                ]
            }
        )
    if to_state not in PARTY_STEPS and not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat may take this step."))


def _set_triage(
    request: Request,
    to_state: str,
    reason: str,
    assignee: Any,
    due_date: dt.date | None,
    errors: dict[str, list[str]],
) -> None:
    """The due date (at triage or assignment), the assignee, the reason for ending early."""
    if due_date is not None:
        if to_state in DUE_DATE_STEPS:
            request.due_date = due_date
        else:
            errors["due_date"] = [_("a due date is set at triage or assignment")]
    if to_state in (S.REJECTED, S.WITHDRAWN):
        if not reason:
            errors["reason"] = [_("give a reason")]
        request.reason = reason
    if to_state == S.ASSIGNED:
        if assignee is None or not is_secretariat(assignee):
            errors["assignee"] = [_("assign the request to a member of the secretariat")]
        request.assignee = assignee


def _set_answer(
    request: Request,
    answer: str,
    resources: list[str] | None,
    activities: list[str] | None,
    errors: dict[str, list[str]],
) -> list[Any]:
    """The answer, the library resources and the activities that answer it (returned)."""
    answer = plain_text(answer)
    if not answer:
        errors["answer"] = [_("write the answer")]
    request.answer = answer
    request.answered_at = timezone.now()
    refs = [r.strip() for r in (resources or []) if r and r.strip()]
    request.answer_resources = sorted(set(refs))
    return _activities(activities, "activities", errors)


def _set_feedback(
    actor: Actor,
    request: Request,
    to_state: str,
    rating: int | None,
    feedback: str,
    errors: dict[str, list[str]],
) -> None:
    """The requester's rating of the outcome, given at closure (or later with give_feedback)."""
    if rating is None and not plain_text(feedback):
        return
    if to_state != S.CLOSED:
        errors["rating"] = [_("the outcome is rated at or after closure")]
        return
    request.rating = _check_feedback(actor, request, rating, feedback, errors)
    request.feedback = plain_text(feedback)[:4000]
    request.feedback_by = recorded(actor)
    request.feedback_at = timezone.now()


def _announce(
    actor: Actor, request: Request, from_state: str, before: dict[str, Any], note: str, reason: str
) -> None:
    """The step in the request's own history, the change record, and mail after the commit."""
    to_state = request.state
    Transition.objects.create(
        request=request,
        from_state=from_state,
        to_state=to_state,
        actor=recorded(actor),
        note=plain_text(note or reason)[:2000],
    )
    record_change(
        actor,
        ChangeRecord.Action.TRANSITION,
        request,
        before,
        state_of(request),
        note=f"{from_state} -> {to_state}",
    )
    notify(
        request,
        _("[Minamata KB] Request %(ref)s: %(state)s")
        % {"ref": request.reference, "state": _state_label(to_state)},
        _('Request "%(title)s" went from %(a)s to %(b)s. %(reason)s\n%(url)s')
        % {
            "title": request.title,
            "a": _state_label(from_state),
            "b": _state_label(to_state),
            "reason": reason,
            "url": request.get_absolute_url(),
        },
    )


@transaction.atomic
def transition(
    actor: Actor,
    request: Request,
    to_state: str,
    *,
    reason: str = "",
    assignee: Any = None,
    due_date: dt.date | None = None,
    answer: str = "",
    resources: list[str] | None = None,
    activities: list[str] | None = None,
    plan: str = "",
    rating: int | None = None,
    feedback: str = "",
    note: str = "",
) -> Request:
    """Move a request to `to_state`; refuse illegal steps and steps the actor may not take.

    received -> triaged -> assigned -> answered -> planned (a response plan) -> in_delivery
    (linked activities) -> closed; rejected and withdrawn end it early. A due date may be set
    at triage or assignment and is kept; at closure the requesting party's focal point may rate
    the outcome (1-5) with a comment (or later, once, with `give_feedback`). Every problem is
    said at once, by field, and nothing is written.
    """
    passed = request
    request = Request.objects.select_for_update().get(pk=request.pk)
    _require_view_party(actor, request)
    _check_step(actor, request, to_state)
    before = state_of(request)
    errors: dict[str, list[str]] = {}
    reason = plain_text(reason)
    _set_triage(request, to_state, reason, assignee, due_date, errors)
    answer_found: list[Any] = []
    if to_state == S.ANSWERED:
        answer_found = _set_answer(request, answer, resources, activities, errors)
    if to_state == S.PLANNED:
        request.plan = plain_text(plan)
        if not request.plan:
            errors["plan"] = [_("write the response plan")]
    delivery_found: list[Any] = []
    if to_state == S.IN_DELIVERY:
        delivery_found = _activities(activities, "activities", errors)
        if not delivery_found and "activities" not in errors:
            errors["activities"] = [_("link at least one activity that delivers the response")]
    _set_feedback(actor, request, to_state, rating, feedback, errors)
    if errors:
        raise ValidationError(errors)
    if to_state in (S.CLOSED, S.REJECTED, S.WITHDRAWN):
        request.closed_at = timezone.now()
    from_state = request.state
    request.state = to_state
    request.save()
    if to_state == S.ANSWERED:
        request.answer_activities.set(answer_found)
    if to_state == S.IN_DELIVERY:
        request.delivery_activities.add(*delivery_found)
    _announce(actor, request, from_state, before, note, reason)
    passed.refresh_from_db()  # the caller's object shows the new state too
    return request


@transaction.atomic
def give_feedback(actor: Actor, request: Request, rating: Any, feedback: str = "") -> Request:
    """The requesting party's focal point rates a closed request's outcome (1-5), once."""
    passed = request
    request = Request.objects.select_for_update().get(pk=request.pk)
    _require_view_party(actor, request)
    errors: dict[str, list[str]] = {}
    value = _check_feedback(actor, request, rating, feedback, errors)
    if request.state != S.CLOSED:
        errors.setdefault("rating", []).append(_("the outcome is rated once the request is closed"))
    if errors:
        raise ValidationError(errors)
    before = state_of(request)
    request.rating = value
    request.feedback = plain_text(feedback)[:4000]
    request.feedback_by = recorded(actor)
    request.feedback_at = timezone.now()
    request.save(update_fields=["rating", "feedback", "feedback_by", "feedback_at", "updated_at"])
    record_change(
        actor, ChangeRecord.Action.FEEDBACK, request, before, state_of(request), note="feedback"
    )
    if request.assignee and request.assignee.email:
        address = request.assignee.email
        subject = _("[Minamata KB] Request %(ref)s: the requester rated the outcome %(n)d/5") % {
            "ref": request.reference,
            "n": value,
        }
        body = f"{request.feedback}\n{request.get_absolute_url()}"
        transaction.on_commit(
            lambda: send_mail(
                subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True
            )
        )
    passed.refresh_from_db()
    return request
