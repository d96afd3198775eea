"""The officer's review screen: the statements waiting, their proposed labels and confidence,
bulk and single decisions, the undo of a bulk rejection, the correction form, and taking back
a confirmed statement (thin)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from minamata_kb.accounts.permissions import require_secretariat
from minamata_kb.registry.models import Party
from minamata_kb.submissions import selectors, statement_review
from minamata_kb.submissions.forms import ReviewFilterForm, ReviewForm, StatementEditForm
from minamata_kb.submissions.models import Statement, Submission
from minamata_kb.submissions.views import errors_into
from minamata_kb.taxonomy.models import StatementRole

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
        # a role typed in the form stays, but the classifier's other reading is shown
        "other_role": _other_role(st, scores["roles"], role_names),
    }


def _other_role(
    st: Statement, roles: dict[Any, float], role_names: dict[str, str]
) -> dict[str, Any] | None:
    """The classifier's best role for a statement typed into the form, when it is not the
    role the submitter chose (so the officer sees the disagreement, with its confidence)."""
    if st.source != Statement.Source.FORM or not roles:
        return None
    best = max(roles, key=lambda r: roles[r])
    if best == st.role:
        return None
    return {"name": role_names.get(str(best), str(best)), "score": roles[best]}


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
            errors_into(form, exc)
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


def _effects_said(records: list[Any]) -> list[str]:
    """What taking a statement back did elsewhere, in plain words (its need retracted)."""
    return [
        _(
            "Its need N-%(need)s is retracted: closed and no longer published, so it is "
            "no longer counted or matched; its matches, offers and decisions stay on "
            "record. Confirming the statement again reopens it."
        )
        % {"need": f"{need:05d}"}
        for need in statement_review.retracted_needs(records)
    ]


@login_required
def review_take_back(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back a confirmed statement (secretariat only). GET: the confirmation step, saying
    what will happen; POST: reject it, or put it back among the statements waiting for review,
    through the review's services (which retract the need drawn from it, if any)."""
    require_secretariat(request.user)
    st = get_object_or_404(
        Statement.objects.select_related(
            "submission__party__country", "submission__organisation", "submission__call"
        ),
        pk=pk,
    )
    detail = reverse("submissions:submission_detail", args=[st.submission_id])
    if st.status != Statement.Status.CONFIRMED:
        messages.info(
            request,
            _("ST-%(id)s is not confirmed; there is nothing to take back.") % {"id": st.pk},
        )
        return redirect(f"{detail}#st-{st.pk}")
    if request.method == "POST":
        then = request.POST.get("then", "")
        try:
            st, effects = statement_review.take_back(request.user, st, then)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(f"{detail}#st-{st.pk}")
        if then == "reopen":
            text = _(
                "ST-%(id)s is no longer confirmed: it is waiting for review again and is not "
                "counted until it is confirmed."
            )
        else:
            text = _("ST-%(id)s is rejected; it will not be counted.")
        messages.success(request, " ".join([text % {"id": st.pk}, *_effects_said(effects)]))
        return redirect(f"{detail}#st-{st.pk}")
    return render(
        request,
        "submissions/review_take_back.html",
        {
            "st": st,
            "sub": st.submission,
            "detail": detail,
            "can_reopen": st.submission.status == Submission.Status.RECEIVED,
        },
    )
