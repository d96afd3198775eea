"""Writes to assistance requests: filing and publishing (one transaction each, with an audit
record; filing adds its Transition row and e-mail), and what every write to a request records
and mails (state_of, notify). The steps of the workflow are in workflow.py."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import can_act_for_party, is_secretariat
from minamata_kb.assistance.models import Attachment, Request, Transition
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core.actors import Actor, recorded
from minamata_kb.core.files import UploadRejected, check_attachment
from minamata_kb.core.sanitize import plain_text
from minamata_kb.taxonomy.models import Article, Topic

S = Request.State
# States a request has been answered in (it may then be published).
ANSWERED_STATES = {S.ANSWERED, S.PLANNED, S.IN_DELIVERY, S.CLOSED}
ATTACHMENT_EXTENSIONS = {".pdf", ".docx", ".doc", ".xlsx", ".odt", ".txt", ".png", ".jpg", ".jpeg"}
MAX_ATTACHMENTS = 10


def state_of(request: Request) -> dict[str, Any]:
    """What the change record keeps of a request, before and after each write."""
    return {
        "state": request.state,
        "assignee": request.assignee.get_username() if request.assignee else None,
        "due_date": request.due_date.isoformat() if request.due_date else None,
        "reason": request.reason,
        "answer": request.answer,
        "answer_resources": list(request.answer_resources),
        "answer_activities": sorted(request.answer_activities.values_list("code", flat=True)),
        "published": request.published,
        "plan": request.plan,
        "delivery_activities": sorted(request.delivery_activities.values_list("code", flat=True)),
        "rating": request.rating,
        "feedback": request.feedback,
    }


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


def notify(request: Request, subject: str, body: str) -> None:
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
            functools.partial(
                send_mail, subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True
            )
        )


def _check_files(files: list[Any], errors: dict[str, list[str]]) -> None:
    """The attachments: how many, of which types and sizes, and what they hold; each problem
    said under "attachments"."""
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


@transaction.atomic
def file_request(
    actor: Actor,
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
    _check_files(files, errors)
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
        filed_by=recorded(actor),
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
    Transition.objects.create(
        request=request, from_state="", to_state=S.RECEIVED, actor=recorded(actor)
    )
    record_change(actor, ChangeRecord.Action.CREATE, request, None, state_of(request))
    notify(
        request,
        _("[Minamata KB] Request %(ref)s received") % {"ref": request.reference},
        _('Your request "%(title)s" was received. Follow it at %(url)s')
        % {"title": request.title, "url": request.get_absolute_url()},
    )
    return request


@transaction.atomic
def set_published(actor: Actor, request: Request, published: bool) -> Request:
    """The secretariat publishes an answered or closed request (e.g. as an example)."""
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat may publish a request."))
    request.refresh_from_db()
    if published and request.state not in ANSWERED_STATES:
        raise ValidationError(
            {"published": [_("only answered or closed requests can be published")]}
        )
    before = state_of(request)
    request.published = published
    request.save(update_fields=["published", "updated_at"])
    action = ChangeRecord.Action.PUBLISH if published else ChangeRecord.Action.WITHDRAW
    record_change(actor, action, request, before, state_of(request))
    return request
