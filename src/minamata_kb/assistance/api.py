"""HTTP API of the assistance app (mounted under /api/v1/)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Status
from ninja.security import django_auth

from minamata_kb.accounts.permissions import can_act_for_party, is_secretariat, user_party
from minamata_kb.assistance import selectors, services, workflow
from minamata_kb.assistance.models import Request
from minamata_kb.assistance.schemas import (
    FeedbackIn,
    RequestIn,
    RequestList,
    RequestOut,
    TransitionIn,
)
from minamata_kb.core.apiauth import SignedInAs
from minamata_kb.core.envelope import found
from minamata_kb.registry.models import Party
from minamata_kb.taxonomy.selectors import profile_codes

router = Router(tags=["assistance"])
# Role checks run before the body is read (core/apiauth.py).
FILERS = SignedInAs(
    lambda u: is_secretariat(u) or user_party(u) is not None,
    gettext_lazy("Only a party's focal point (or the secretariat) files requests."),
)


def request_out(r: Request, user: Any) -> dict[str, Any]:
    private = getattr(user, "is_authenticated", False) and can_act_for_party(user, r.party)
    return {
        "id": r.pk,
        "reference": r.reference,
        "party": r.party.code,
        "kind": r.kind,
        "title": r.title,
        "text": r.text,
        **profile_codes(r),
        "state": r.state,
        "received_at": r.received_at,
        "answered_at": r.answered_at,
        "closed_at": r.closed_at,
        "due_date": r.due_date if private else None,
        "assignee": r.assignee.get_username() if private and r.assignee else None,
        "reason": r.reason,
        "answer": r.answer,
        "answer_resources": list(r.answer_resources),
        "answer_activities": sorted(a.code for a in selectors.answer_activities(r, user)),
        "published": r.published,
        "plan": r.plan,
        "delivery_activities": sorted(a.code for a in r.delivery_activities.all()),
        "rating": r.rating,
        "feedback": r.feedback,
        "feedback_at": r.feedback_at,
        "url": r.get_absolute_url(),
    }


def _visible(request: HttpRequest, pk: int) -> Request:
    r = found(
        Request.objects.select_related("party", "assignee").filter(pk=pk).first(),
        f"No request {pk}",
    )
    if not selectors.visible_requests(request.user).filter(pk=pk).exists():
        if request.user.is_authenticated:
            raise PermissionDenied("This request belongs to another party.")
        raise Http404(f"No request {pk}")
    return r


@router.get("/requests", response=RequestList, summary="Assistance requests the caller may see")
def list_requests(request: HttpRequest, filters: Query[selectors.RequestFilters]) -> dict[str, Any]:
    qs = selectors.filtered(request.user, filters)
    qs = qs.prefetch_related("articles", "topics", "answer_activities")
    items = [request_out(r, request.user) for r in qs]
    meta: dict[str, Any] = {"count": len(items)}
    if request.user.is_authenticated:
        meta["response_times"] = selectors.response_times(selectors.visible_requests(request.user))
    return {"meta": meta, "items": items}


@router.get("/requests/{pk}", response=RequestOut)
def get_request(request: HttpRequest, pk: int) -> dict[str, Any]:
    return request_out(_visible(request, pk), request.user)


@router.post("/requests", response={201: RequestOut}, auth=FILERS)
def file_request(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    """A focal point files for its own party; the secretariat names the party."""
    if is_secretariat(request.user) and payload.party:
        party = Party.objects.filter(code=payload.party.upper()).first()
        if party is None:
            raise ValidationError({"party": [f"unknown party {payload.party!r}"]})
    else:
        party = user_party(request.user)
        if party is None:
            raise PermissionDenied(
                "Only a party's focal point (or the secretariat) files requests."
            )
        if payload.party and payload.party.upper() != party.code:
            raise PermissionDenied("You may file requests only for your own party.")
    r = services.file_request(
        request.user,
        party,
        kind=payload.kind,
        title=payload.title,
        text=payload.text,
        articles=payload.articles,
        topics=payload.topics,
    )
    return Status(201, request_out(r, request.user))


@router.post("/requests/{pk}/transition", response=RequestOut, auth=django_auth)
def transition(request: HttpRequest, pk: int, payload: TransitionIn) -> dict[str, Any]:
    r = _visible(request, pk)
    assignee = None
    if payload.assignee:
        # Only members of the secretariat can be assigned: anyone else, existing or not, is the
        # same "no one" (the service then says to assign a member of the secretariat), so the
        # field tells nobody which user names exist.
        found = get_user_model().objects.filter(username=payload.assignee).first()
        assignee = found if found is not None and is_secretariat(found) else None
    r = workflow.transition(
        request.user,
        r,
        payload.state,
        reason=payload.reason,
        assignee=assignee,
        due_date=payload.due_date,
        answer=payload.answer,
        resources=payload.resources,
        activities=payload.activities,
        plan=payload.plan,
        rating=payload.rating,
        feedback=payload.feedback,
    )
    return request_out(r, request.user)


@router.post("/requests/{pk}/feedback", response=RequestOut, auth=django_auth)
def feedback(request: HttpRequest, pk: int, payload: FeedbackIn) -> dict[str, Any]:
    """The requesting party's focal point rates a closed request's outcome (1-5), once."""
    r = workflow.give_feedback(
        request.user, _visible(request, pk), payload.rating, payload.feedback
    )
    return request_out(r, request.user)


@router.get(
    "/requests-statistics",
    summary="Response-time and outcome figures per year and region (secretariat)",
)
def statistics(
    request: HttpRequest,
    year: int | None = None,
    region: str | None = None,
    by: str = "un_regional_group",
) -> dict[str, Any]:
    if not is_secretariat(request.user):
        raise PermissionDenied("Only the secretariat sees the figures of all requests.")
    if by not in ("un_regional_group", "region"):
        raise ValidationError({"by": ["un_regional_group or region"]})
    return selectors.request_statistics(year=year, region=region, by=by)
