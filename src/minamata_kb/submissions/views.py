"""Pages: calls, the submission form, submissions, and the officer's review screen (thin)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
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
from minamata_kb.registry.models import Party
from minamata_kb.submissions import calls, selectors, services, statement_review
from minamata_kb.submissions.forms import (
    CallForm,
    ReviewFilterForm,
    ReviewForm,
    StatementEditForm,
    SubmissionForm,
)
from minamata_kb.submissions.models import Call, Statement, Submission
from minamata_kb.taxonomy.models import StatementRole


def _errors_into(form: Any, exc: ValidationError) -> None:
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
            _errors_into(form, exc)
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
            _errors_into(form, exc)
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
            "versions": Submission.objects.filter(
                call=sub.call, party=sub.party, organisation=sub.organisation
            ).order_by("version"),
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


REVIEW_PAGE_SIZE = 50
REVIEW_PARAMS = ("party", "role", "below", "submission", "page")
UNDO_KEY = "review_undo"  # the statements of the last bulk rejection, offered for undoing once


def _review_query(data: Any) -> str:
    """The review list's own parameters (filters and page) of a request, as a query string."""
    kept = {k: str(data.get(k)) for k in REVIEW_PARAMS if data.get(k) not in (None, "")}
    return urlencode(kept)


def _review_url(data: Any) -> str:
    query = _review_query(data)
    return reverse("submissions:review") + (f"?{query}" if query else "")


def _chips(st: Statement, role_names: dict[str, str]) -> dict[str, Any]:
    """What a row shows of a statement: its labels, each with the classifier's confidence."""
    scores = selectors.proposal_scores(st.proposal)
    return {
        "role": {
            "name": role_names.get(st.role, st.role),
            "score": scores["roles"].get(st.role),
        },
        "articles": [
            {
                "label": _("Art. %(n)s") % {"n": a.number},
                "title": a.name,
                "score": scores["articles"].get(a.number),
            }
            for a in st.articles.all()
        ],
        "topics": [
            {"label": t.name, "score": scores["topics"].get(t.slug)} for t in st.topics.all()
        ],
        "channel": {
            "label": st.channel.name,  # type: ignore[union-attr]
            "score": scores["channel"].get(st.channel.slug),  # type: ignore[union-attr]
        }
        if st.channel_id
        else None,
        "from_form": st.source == Statement.Source.FORM,
    }


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """The officer's review screen: compact rows of the statements waiting, each with its
    proposed labels and their confidence; bulk confirm or reject; filters; pages."""
    require_secretariat(request.user)
    waiting = selectors.pending_review()
    parties = Party.objects.filter(
        pk__in=waiting.exclude(submission__party=None).values("submission__party")
    ).select_related("country")
    form = ReviewFilterForm(request.GET or None, parties=parties)
    narrow: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        below = form.cleaned_data.get("below")
        narrow = {
            "party": form.cleaned_data.get("party"),
            "role": form.cleaned_data.get("role") or "",
            "below": float(below) if below is not None else None,
            "submission": form.cleaned_data.get("submission"),
        }
    queue = selectors.review_queue(request.user, **narrow)
    page = Paginator(queue, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    statements = list(
        Statement.objects.filter(pk__in=[st.pk for st in page.object_list])
        .select_related("submission__party__country", "submission__organisation", "channel")
        .prefetch_related("articles", "topics")
        .order_by("submission_id", "position", "id")
    )
    role_names = {r.slug: r.name for r in StatementRole.objects.all()}
    rows = [{"st": st, "chips": _chips(st, role_names)} for st in statements]
    filters = {k: v for k, v in request.GET.items() if k in REVIEW_PARAMS and k != "page" and v}
    return render(
        request,
        "submissions/review.html",
        {
            "rows": rows,
            "page": page,
            "form": form,
            "filtered": bool(filters),
            "filter_query": urlencode(filters),
            "back": _review_query(request.GET),
            "total": waiting.count(),
            "undo": request.session.pop(UNDO_KEY, None) or [],
            "only": Submission.objects.filter(pk=narrow.get("submission") or 0).first(),
        },
    )


@require_POST
@login_required
def review_bulk(request: HttpRequest) -> HttpResponse:
    """Confirm or reject the selected statements, all in one go (or none, with the reason)."""
    require_secretariat(request.user)
    back = _review_url(QueryDict(request.POST.get("back", "")))
    decision = request.POST.get("decision", "")
    ids = request.POST.getlist("ids")
    if not ids:
        messages.warning(request, _("Select the statements first (the boxes at the row starts)."))
        return redirect(back)
    try:
        done = statement_review.review_statements(request.user, ids, decision)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    n = len(done)
    request.session.pop(UNDO_KEY, None)
    if decision == "reject":
        request.session[UNDO_KEY] = [st.pk for st in done]
    if decision == "confirm":
        text = ngettext("%(n)s statement confirmed.", "%(n)s statements confirmed.", n)
    else:
        text = ngettext(
            "%(n)s statement rejected; it will not be counted.",
            "%(n)s statements rejected; they will not be counted.",
            n,
        )
    messages.success(request, text % {"n": n})
    return redirect(back)


@require_POST
@login_required
def review_reopen(request: HttpRequest) -> HttpResponse:
    """Undo the last rejection: the statements wait for review again."""
    require_secretariat(request.user)
    back = _review_url(QueryDict(request.POST.get("back", "")))
    try:
        done = statement_review.reopen_rejected(request.user, request.POST.getlist("ids"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    n = len(done)
    messages.success(
        request,
        ngettext(
            "Rejection undone: %(n)s statement is waiting for review again.",
            "Rejection undone: %(n)s statements are waiting for review again.",
            n,
        )
        % {"n": n},
    )
    return redirect(back)


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct one statement's role, articles, topics and channel, then confirm it. A page of
    its own; the review screen shows the same form inside the row (``?partial=1``)."""
    require_secretariat(request.user)
    st = get_object_or_404(
        selectors.pending_review().select_related(
            "submission__party__country", "submission__organisation"
        ),
        pk=pk,
    )
    source = request.POST if request.method == "POST" else request.GET
    back_query = source.get("back", "")
    back = _review_url(QueryDict(back_query))
    initial = {
        "role": st.role,
        "articles": [a.number for a in st.articles.all()],
        "topics": [t.slug for t in st.topics.all()],
        "channel": st.channel.slug if st.channel_id else "",  # type: ignore[union-attr]
        "text": st.text,
        "countries": ", ".join(c.iso3 for c in st.countries.all()),
        "amount": st.amount,
        "currency": st.currency,
        "period_start": st.period_start,
        "period_end": st.period_end,
    }
    partial = request.method == "GET" and request.GET.get("partial") == "1"
    full = not partial and (request.method == "GET" or request.POST.get("full") == "1")
    scores = selectors.proposal_scores(st.proposal)
    form = StatementEditForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        scores=scores,
        full=full,
        auto_id=f"edit{st.pk}-%s",
    )
    if request.method == "POST" and form.is_valid():
        try:
            statement_review.review_statement(request.user, st, "edit", form.changes())
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Changes saved; the statement is confirmed."))
            return redirect(back)
    template = "submissions/_review_edit_form.html" if partial else "submissions/review_edit.html"
    return render(
        request,
        template,
        {"st": st, "form": form, "back": back, "back_query": _review_query(QueryDict(back_query))},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def review_statement(request: HttpRequest, pk: int) -> HttpResponse:
    require_secretariat(request.user)
    st = get_object_or_404(Statement, pk=pk)
    form = ReviewForm(request.POST, prefix=f"st{st.pk}")
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            statement_review.review_statement(
                request.user, st, decision, form.changes() if decision == "edit" else None
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            done = {
                "confirm": _("The statement is confirmed."),
                "edit": _("Changes saved; the statement is confirmed."),
                "reject": _("The statement is rejected; it will not be counted."),
            }
            messages.success(request, done[decision])
    else:
        messages.error(request, form.errors.as_text())
    return redirect("submissions:review")


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
