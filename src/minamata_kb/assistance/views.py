"""Pages of assistance requests: list, file, follow, move through the workflow."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minamata_kb.accounts.permissions import can_act_for_party, is_secretariat, user_party
from minamata_kb.assistance import selectors, services, workflow
from minamata_kb.assistance.forms import FeedbackForm, RequestForm, TransitionForm
from minamata_kb.assistance.models import Request
from minamata_kb.assistance.services import ANSWERED_STATES
from minamata_kb.assistance.workflow import ALLOWED, PARTY_STEPS
from minamata_kb.core.filtering import params
from minamata_kb.core.forms import show_errors


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "assistance/forbidden.html", {"message": message}, status=403)


def _visible_or_refuse(request: HttpRequest, pk: int) -> Request:
    obj = get_object_or_404(Request.objects.select_related("party", "assignee"), pk=pk)
    if not selectors.visible_requests(request.user).filter(pk=obj.pk).exists():
        if request.user.is_authenticated:
            raise PermissionDenied(_("This request belongs to another party."))
        raise Http404
    return obj


def request_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    qs = selectors.filtered(
        request.user,
        selectors.RequestFilters(**params(g, "state", "party", "kind", "due")),
        assignee=g.get("assignee", ""),
    )
    page = Paginator(qs, 50).get_page(g.get("page"))
    may_file = is_secretariat(request.user) or user_party(request.user) is not None
    figures = (
        selectors.response_times(selectors.visible_requests(request.user))
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "assistance/request_list.html",
        {
            "page": page,
            "states": Request.State.choices,
            "kinds": Request.Kind.choices,
            "filters": g,
            "may_file": may_file,
            "figures": figures,
        },
    )


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    secretariat = is_secretariat(request.user)
    own = user_party(request.user)
    if not secretariat and own is None:
        return _forbidden(
            request, _("Only a party's focal point (or the secretariat) files requests.")
        )
    form = RequestForm(request.POST or None, request.FILES or None, choose_party=secretariat)
    if request.method == "POST" and form.is_valid():
        party = form.cleaned_data.get("party") if secretariat else own
        try:
            obj = services.file_request(
                request.user,
                party,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                articles=list(form.cleaned_data["articles"]),
                topics=list(form.cleaned_data["topics"]),
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        except PermissionDenied as exc:
            return _forbidden(request, str(exc))
        else:
            messages.success(request, _("Your request was received."))
            return redirect(obj.get_absolute_url())
    return render(request, "assistance/request_form.html", {"form": form, "party": own})


def _next_steps(user: Any, obj: Request) -> list[tuple[str, str]]:
    labels = dict(Request.State.choices)
    steps = sorted(ALLOWED[obj.state])
    if not is_secretariat(user):
        steps = [s for s in steps if s in PARTY_STEPS]
    return [(s, str(labels[s])) for s in steps]


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        obj = _visible_or_refuse(request, pk)
    except PermissionDenied as exc:
        return _forbidden(request, str(exc))
    may_act = request.user.is_authenticated and can_act_for_party(request.user, obj.party)
    steps = _next_steps(request.user, obj) if may_act else []
    form = TransitionForm(choices=steps, may_rate=_may_rate(request.user, obj)) if steps else None
    return _detail(request, obj, form, steps)


def _may_rate(user: Any, obj: Request) -> bool:
    """Only a focal point of the requesting party rates the outcome, and only once."""
    own = user_party(user)
    return own is not None and own.pk == obj.party_id and obj.rating is None


def _detail(
    request: HttpRequest,
    obj: Request,
    form: Any,
    steps: list[Any],
    status: int = 200,
    feedback_form: Any = None,
) -> HttpResponse:
    if feedback_form is None and obj.state == Request.State.CLOSED and _may_rate(request.user, obj):
        feedback_form = FeedbackForm()
    return render(
        request,
        "assistance/request_detail.html",
        {
            "r": obj,
            "answer_activities": selectors.answer_activities(obj, request.user),
            "form": form,
            "steps": steps,
            "feedback_form": feedback_form,
            "may_publish": obj.state in ANSWERED_STATES or obj.published,
            "transitions": obj.transitions.select_related("actor"),
            "show_private": request.user.is_authenticated
            and can_act_for_party(request.user, obj.party),
            "is_secretariat": is_secretariat(request.user),
        },
        status=status,
    )


def _party_action(
    view: Callable[[HttpRequest, Request], HttpResponse],
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST on request `pk` by a user who acts for its party; anyone else is refused (403)."""

    @require_POST
    @functools.wraps(view)
    def action(request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.is_authenticated:
            return _forbidden(request, _("Sign in first."))
        obj = get_object_or_404(Request, pk=pk)
        if not can_act_for_party(request.user, obj.party):
            return _forbidden(request, _("You may act only on your own party's requests."))
        return view(request, obj)

    return action


@_party_action
def request_transition(request: HttpRequest, obj: Request) -> HttpResponse:
    steps = _next_steps(request.user, obj)
    may_rate = _may_rate(request.user, obj)
    form = TransitionForm(request.POST, choices=steps, may_rate=may_rate)
    # Any state is accepted by the form: the service says why a step is not possible.
    form.fields["to_state"].choices = [(s.value, str(s.label)) for s in Request.State]  # type: ignore[attr-defined]
    if form.is_valid():
        try:
            workflow.transition(
                request.user,
                obj,
                form.cleaned_data["to_state"],
                reason=form.value("reason") or "",
                assignee=form.value("assignee"),
                due_date=form.value("due_date"),
                answer=form.value("answer") or "",
                resources=form.lines("resources"),
                activities=form.lines("activities"),
                plan=form.value("plan") or "",
                rating=form.value("rating"),
                feedback=form.value("feedback") or "",
            )
        except PermissionDenied as exc:
            return _forbidden(request, str(exc))
        except ValidationError as exc:
            for key, errs in exc.message_dict.items():
                form.add_error(key if key in form.fields and key != "state" else "to_state", errs)
        else:
            messages.success(request, _("The request was updated."))
            return redirect(obj.get_absolute_url())
    form.fields["to_state"].choices = steps  # type: ignore[attr-defined]
    return _detail(request, obj, form, steps, status=422)


@_party_action
def request_feedback(request: HttpRequest, obj: Request) -> HttpResponse:
    """The requesting party's focal point rates a closed request's outcome, once."""
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            workflow.give_feedback(
                request.user, obj, form.cleaned_data["rating"], form.cleaned_data["feedback"]
            )
        except PermissionDenied as exc:
            return _forbidden(request, str(exc))
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your rating of the outcome was recorded."))
            return redirect(obj.get_absolute_url())
    steps = _next_steps(request.user, obj)
    tform = TransitionForm(choices=steps, may_rate=_may_rate(request.user, obj)) if steps else None
    return _detail(request, obj, tform, steps, status=422, feedback_form=form)


@require_POST
def request_publish(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Request, pk=pk)
    try:
        services.set_published(request.user, obj, request.POST.get("published") == "1")
    except PermissionDenied as exc:
        return _forbidden(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(obj.get_absolute_url())


def attachment(request: HttpRequest, pk: int, att: int) -> HttpResponse | FileResponse:
    try:
        obj = _visible_or_refuse(request, pk)
    except PermissionDenied as exc:
        return _forbidden(request, str(exc))
    if not (request.user.is_authenticated and can_act_for_party(request.user, obj.party)):
        raise Http404
    a = get_object_or_404(obj.attachments, pk=att)
    return FileResponse(a.file.open("rb"), as_attachment=True, filename=a.filename)
