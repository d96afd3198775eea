"""Pages: calls, the submission form and submissions (thin); the officer's review screen is in
review_views.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from minamata_kb.accounts.permissions import (
    can_edit,
    can_view,
    is_secretariat,
    require_secretariat,
    user_organisation,
    user_party,
)
from minamata_kb.core import files, filetext
from minamata_kb.core.confirm import ReasonForm, confirm_page
from minamata_kb.core.numbers import as_id
from minamata_kb.submissions import calls, selectors, services
from minamata_kb.submissions.forms import CallForm, SubmissionForm
from minamata_kb.submissions.models import Call, Submission


def errors_into(form: Any, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            key = field.replace("part ", "").split(".")
            name = field if field in form.fields else None
            if name is None and len(key) == 2 and key[0].isdigit():
                roles = [f[: -len("-text")] for f in form.fields if f.endswith("-text")]
                idx = int(key[0]) - 1
                filled = [r for r in roles if form.cleaned_data.get(f"{r}-text")]
                if 0 <= idx < len(filled) and f"{filled[idx]}-{key[1]}" in form.fields:
                    name = f"{filled[idx]}-{key[1]}"
            form.add_error(name, errors)
    else:
        form.add_error(None, exc.messages)


def call_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "submissions/call_list.html",
        {
            "calls": selectors.call_queue(request.user, request.GET.get("queue", "")),
            "queue": request.GET.get("queue", ""),
            "can_create": is_secretariat(request.user),
        },
    )


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(selectors.calls(request.user), pk=pk)
    subs = selectors.submissions(request.user, call).order_by("received_at", "id")
    can_submit = request.user.is_authenticated and (
        is_secretariat(request.user)
        or user_party(request.user) is not None
        or user_organisation(request.user) is not None
    )
    return render(
        request,
        "submissions/call_detail.html",
        {
            "call": call,
            "submissions": subs,
            "can_submit": can_submit and call.status != Call.Status.DRAFT,
            "is_secretariat": is_secretariat(request.user),
        },
    )


@login_required
def call_create(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "reminders"}
        fields["reminder_dates"] = form.cleaned_data["reminders"]
        try:
            call = calls.create_call(request.user, **fields)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("Call created as a draft."))
            return redirect("submissions:call_detail", pk=call.pk)
    return render(request, "submissions/call_form.html", {"form": form})


@require_POST
@login_required
def call_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    try:
        if action == "issue":
            n = calls.issue_call(request.user, call)
            messages.success(request, _("Call issued; %(n)s addressees e-mailed.") % {"n": n})
        elif action == "close":
            calls.close_call(request.user, call)
            messages.success(request, _("Call closed."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("submissions:call_detail", pk=call.pk)


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(selectors.calls(request.user), pk=pk)
    party, org = user_party(request.user), user_organisation(request.user)
    if not (is_secretariat(request.user) or party or org):
        raise PermissionDenied(_("Only focal points, organisation editors and officers submit."))
    form = SubmissionForm(
        request.POST or None, request.FILES or None, fixed_party=party, fixed_org=org
    )
    if request.method == "POST" and form.is_valid():
        upload = request.FILES.get("file")
        parts = form.parts()
        try:
            if upload is not None and parts:
                raise ValidationError(_("Upload a file or fill in the form (one of the two)."))
            if upload is not None:
                files.check_size(upload.size or 0)  # before reading it into memory
            replaces = None
            if (old := as_id(request.GET.get("replaces"))) is not None:
                replaces = Submission.objects.filter(pk=old).first()
            sub = services.submit(
                request.user,
                call,
                replaces=replaces,
                party=form.cleaned_data.get("party"),
                organisation=form.cleaned_data.get("organisation"),
                upload=(upload.name or "upload", upload.read()) if upload is not None else None,
                parts=None if upload is not None else parts,
                language=form.cleaned_data.get("language") or "",
                title=form.cleaned_data.get("title") or "",
                propose=True,
            )
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(
                request,
                _("Received as submission S-%(id)s (SHA-256 %(sha)s).")
                % {"id": sub.pk, "sha": sub.sha256[:16]},
            )
            if sub.late:
                messages.warning(request, _("The deadline has passed: it is flagged as late."))
            if sub.extraction_state == "failed":
                messages.warning(request, files.failure_message(sub.extraction_error))
            return redirect("submissions:submission_detail", pk=sub.pk)
    return render(request, "submissions/submit.html", {"call": call, "form": form})


def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(selectors.submissions(request.user), pk=pk)
    statements = selectors.statements(request.user).filter(submission=sub)
    waiting = (
        selectors.pending_review().filter(submission=sub).count()
        if is_secretariat(request.user)
        else 0
    )
    return render(
        request,
        "submissions/submission_detail.html",
        {
            "sub": sub,
            "text_page": filetext.text_page(sub.text, request.GET.get("page") or 1),
            "processing": filetext.processing(sub),
            "statements": statements,
            "waiting": waiting,
            "is_secretariat": is_secretariat(request.user),
            "can_edit": can_edit(request.user, sub),
            "versions": selectors.versions(request.user, sub),
        },
    )


def original(request: HttpRequest, pk: int) -> FileResponse:
    sub = get_object_or_404(Submission, pk=pk)
    if not can_view(request.user, sub):
        raise Http404
    response = FileResponse(sub.original.open("rb"), as_attachment=True, filename=sub.original_name)
    response["Content-Type"] = sub.content_type
    return response


@require_POST
@login_required
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(Submission, pk=pk)
    made = services.propose_statements(request.user, sub)
    n = len(made)
    messages.success(
        request,
        ngettext("%(n)s statement proposed.", "%(n)s statements proposed.", n) % {"n": n}
        if n
        else _("No new statement found: the submission's statements are all proposed already."),
    )
    return redirect(reverse("submissions:review") + f"?submission={sub.pk}")


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation step; POST: withdraw, only with a reason (else 400, unchanged)."""
    sub = get_object_or_404(Submission, pk=pk)
    if not can_edit(request.user, sub):
        raise PermissionDenied(_("You may not withdraw this submission."))
    detail = reverse("submissions:submission_detail", args=[sub.pk])
    if sub.status != Submission.Status.RECEIVED:
        messages.info(request, _("This submission is withdrawn already."))
        return redirect(detail)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.withdraw_submission(request.user, sub, form.cleaned_data["reason"])
        messages.success(request, _("Submission withdrawn; it is kept but no longer counted."))
        return redirect(detail)
    return confirm_page(
        request,
        form,
        title=_("Withdraw submission S-%(pk)s?") % {"pk": sub.pk},
        what=f"{sub.submitter_name} · {sub.call.title} · v{sub.version}",
        consequence=_(
            "The submission is kept on record but no longer counted in the call's results or "
            "documents. To correct it instead, send a new version."
        ),
        button=_("Withdraw the submission"),
        cancel_url=detail,
    )
