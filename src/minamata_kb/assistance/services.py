"""Writes to assistance requests: filing, the workflow, publishing. One transaction each,
with a Transition row, an audit record and e-mail to the requester and the assignee."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import can_act_for_party, is_secretariat
from minamata_kb.activities.models import Activity
from minamata_kb.assistance.models import Attachment, Request, Transition
from minamata_kb.audit.services import record_change
from minamata_kb.core.files import UploadRejected, check_attachment
from minamata_kb.core.sanitize import plain_text
from minamata_kb.taxonomy.models import Article, Topic

S = Request.State
ALLOWED: dict[str, set[str]] = {
    S.RECEIVED: {S.TRIAGED, S.REJECTED, S.WITHDRAWN},
    S.TRIAGED: {S.ASSIGNED, S.REJECTED, S.WITHDRAWN},
    S.ASSIGNED: {S.ASSIGNED, S.ANSWERED, S.REJECTED, S.WITHDRAWN},
    S.ANSWERED: {S.CLOSED, S.ASSIGNED},
    S.CLOSED: set(),
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}
# Steps a focal point of the request's party may take; all others are the secretariat's.
PARTY_STEPS = {S.WITHDRAWN, S.CLOSED}
ATTACHMENT_EXTENSIONS = {".pdf", ".docx", ".doc", ".xlsx", ".odt", ".txt", ".png", ".jpg", ".jpeg"}
MAX_ATTACHMENTS = 10


def _state_of(request: Request) -> dict[str, Any]:
    return {
        "state": request.state,
        "assignee": request.assignee.get_username() if request.assignee else None,
        "due_date": request.due_date.isoformat() if request.due_date else None,
        "reason": request.reason,
        "answer": request.answer,
        "answer_resources": list(request.answer_resources),
        "answer_activities": sorted(request.answer_activities.values_list("code", flat=True)),
        "published": request.published,
    }


def _require_view_party(actor: Any, request: Request) -> None:
    if not can_act_for_party(actor, request.party):
        raise PermissionDenied(_("You may act only on your own party's requests."))


def _clean_labels(articles: list[Any], topics: list[Any]) -> tuple[list[Article], list[Topic]]:
    errors: dict[str, list[str]] = {}
    nums = []
    for a in articles:
        try:
            nums.append(int(getattr(a, "number", a)))
        except (TypeError, ValueError):
            errors.setdefault("articles", []).append(_("not an article number: %(v)r") % {"v": a})
    found_articles = list(Article.objects.filter(number__in=nums))
    missing = sorted(set(nums) - {a.number for a in found_articles})
    if missing:
        errors.setdefault("articles", []).append(
            _("unknown article(s): %(v)s") % {"v": ", ".join(map(str, missing))}
        )
    slugs = [str(getattr(t, "slug", t)) for t in topics]
    found_topics = list(Topic.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {t.slug for t in found_topics})
    if unknown:
        errors.setdefault("topics", []).append(
            _("unknown topic(s): %(v)s") % {"v": ", ".join(unknown)}
        )
    if errors:
        raise ValidationError(errors)
    return found_articles, found_topics


def _notify(request: Request, subject: str, body: str) -> None:
    """Mail the requester and the assignee (whoever has an address)."""
    to = []
    requester = request.requester_email or (request.filed_by.email if request.filed_by else "")
    if requester:
        to.append(requester)
    if request.assignee and request.assignee.email and request.assignee.email not in to:
        to.append(request.assignee.email)
    # After the commit: a rolled-back change must not have been announced, and a slow mail
    # server must not hold the transaction open.
    for address in to:
        transaction.on_commit(
            lambda a=address: send_mail(
                subject, body, settings.DEFAULT_FROM_EMAIL, [a], fail_silently=True
            )
        )


def _state_label(state: str) -> str:
    return str(dict(Request.State.choices).get(state, state))


@transaction.atomic
def file_request(
    actor: Any,
    party: Any,
    *,
    kind: str,
    title: str,
    text: str,
    articles: list[Any] | None = None,
    topics: list[Any] | None = None,
    files: list[Any] | None = None,
    requester_email: str = "",
) -> Request:
    """A focal point (or the secretariat on its behalf) files a request for `party`."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in as a focal point to file a request."))
    if not can_act_for_party(actor, party):
        raise PermissionDenied(_("You may file requests only for your own party."))
    errors: dict[str, list[str]] = {}
    if kind not in Request.Kind.values:
        errors["kind"] = [_("unknown kind %(v)r") % {"v": kind}]
    title = plain_text(title)[:300]
    text = plain_text(text)
    if not title:
        errors["title"] = [_("a title is required")]
    if not text:
        errors["text"] = [_("say what you need")]
    files = files or []
    if len(files) > MAX_ATTACHMENTS:
        errors["attachments"] = [_("at most %(n)d files") % {"n": MAX_ATTACHMENTS}]
    for f in files:
        name = Path(getattr(f, "name", "") or "").name
        if Path(name).suffix.lower() not in ATTACHMENT_EXTENSIONS:
            errors.setdefault("attachments", []).append(
                _("%(name)s: file type not accepted (%(types)s)")
                % {"name": name, "types": ", ".join(sorted(ATTACHMENT_EXTENSIONS))}
            )
        if getattr(f, "size", 0) > settings.MAX_UPLOAD_BYTES:
            errors.setdefault("attachments", []).append(
                _("%(name)s: larger than %(n)d bytes")
                % {"name": name, "n": settings.MAX_UPLOAD_BYTES}
            )
        elif Path(name).suffix.lower() in ATTACHMENT_EXTENSIONS:
            try:  # content by the same rules as every upload (core/files.py)
                check_attachment(name, f.read())
            except UploadRejected as exc:
                errors.setdefault("attachments", []).append(f"{name}: {exc}")
            finally:
                f.seek(0)
    try:
        arts, tops = _clean_labels(articles or [], topics or [])
    except ValidationError as exc:
        for k, v in exc.message_dict.items():
            errors.setdefault(k, []).extend(v)
        arts, tops = [], []
    if errors:
        raise ValidationError(errors)
    request = Request.objects.create(
        party=party,
        kind=kind,
        title=title,
        text=text,
        filed_by=actor,
        requester_email=requester_email or getattr(actor, "email", ""),
    )
    request.articles.set(arts)
    request.topics.set(tops)
    for f in files:
        data = f.read()
        digest = hashlib.sha256(data).hexdigest()
        att = Attachment(
            request=request, filename=Path(f.name).name[:255], size=len(data), sha256=digest
        )
        att.file.save(digest, ContentFile(data), save=False)
        att.save()
    Transition.objects.create(request=request, from_state="", to_state=S.RECEIVED, actor=actor)
    record_change(actor, "create", request, None, _state_of(request))
    _notify(
        request,
        _("[Minamata KB] Request %(ref)s received") % {"ref": request.reference},
        _('Your request "%(title)s" was received. Follow it at %(url)s')
        % {"title": request.title, "url": request.get_absolute_url()},
    )
    return request


@transaction.atomic
def transition(
    actor: Any,
    request: Request,
    to_state: str,
    *,
    reason: str = "",
    assignee: Any = None,
    due_date: dt.date | None = None,
    answer: str = "",
    resources: list[str] | None = None,
    activities: list[str] | None = None,
    note: str = "",
) -> Request:
    """Move a request to `to_state`; refuse illegal steps and steps the actor may not take."""
    passed = request
    request = Request.objects.select_for_update().get(pk=request.pk)
    _require_view_party(actor, request)
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
    before = _state_of(request)
    errors: dict[str, list[str]] = {}
    reason = plain_text(reason)
    if to_state in (S.REJECTED, S.WITHDRAWN):
        if not reason:
            errors["reason"] = [_("give a reason")]
        request.reason = reason
    if to_state == S.ASSIGNED:
        if assignee is None or not is_secretariat(assignee):
            errors["assignee"] = [_("assign the request to a member of the secretariat")]
        request.assignee = assignee
        if due_date is not None:
            request.due_date = due_date
    if to_state == S.ANSWERED:
        answer = plain_text(answer)
        if not answer:
            errors["answer"] = [_("write the answer")]
        request.answer = answer
        request.answered_at = timezone.now()
        refs = [r.strip() for r in (resources or []) if r and r.strip()]
        request.answer_resources = sorted(set(refs))
        codes = [c.strip() for c in (activities or []) if c and c.strip()]
        found = list(Activity.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {a.code for a in found})
        if missing:
            errors["activities"] = [_("unknown activity: %(v)s") % {"v": ", ".join(missing)}]
    if errors:
        raise ValidationError(errors)
    if to_state in (S.CLOSED, S.REJECTED, S.WITHDRAWN):
        request.closed_at = timezone.now()
    from_state = request.state
    request.state = to_state
    request.save()
    if to_state == S.ANSWERED:
        request.answer_activities.set(found)
    Transition.objects.create(
        request=request,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        note=plain_text(note or reason)[:2000],
    )
    record_change(
        actor, "transition", request, before, _state_of(request), note=f"{from_state} -> {to_state}"
    )
    _notify(
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
    passed.refresh_from_db()  # the caller's object shows the new state too
    return request


@transaction.atomic
def set_published(actor: Any, request: Request, published: bool) -> Request:
    """The secretariat publishes an answered or closed request (e.g. as an example)."""
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat may publish a request."))
    request.refresh_from_db()
    if published and request.state not in (S.ANSWERED, S.CLOSED):
        raise ValidationError(
            {"published": [_("only answered or closed requests can be published")]}
        )
    before = _state_of(request)
    request.published = published
    request.save(update_fields=["published", "updated_at"])
    record_change(
        actor, "publish" if published else "withdraw", request, before, _state_of(request)
    )
    return request
