"""Library pages: browse, a resource with its translations and related resources, edit, upload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minamata_kb.accounts.permissions import can_edit, require_edit, user_organisation
from minamata_kb.core.confirm import ReasonForm, confirm_page
from minamata_kb.core.extensions import related_resources
from minamata_kb.core.forms import form_page
from minamata_kb.library.forms import ResourceFilterForm, ResourceForm, UploadForm
from minamata_kb.library.models import Resource, from_route_key
from minamata_kb.library.selectors import filter_resources, visible_resources
from minamata_kb.library.services import (
    UploadRejected,
    attach_file,
    may_add_resources,
    save_resource,
    set_published,
)


def _visible(request: HttpRequest) -> QuerySet[Resource]:
    return visible_resources(request.user).select_related("type", "provider")


def _get(request: HttpRequest, ext_id: str) -> Resource:
    r = _visible(request).filter(external_id=from_route_key(ext_id)).first()
    if r is None:
        raise Http404(_("No such resource."))
    return r


def resource_list(request: HttpRequest) -> HttpResponse:
    form = ResourceFilterForm(request.GET or None)
    qs = filter_resources(_visible(request), **form.filters()).order_by("-year", "title")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))

    can_add = may_add_resources(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "library/resource_list.html",
        {"page": page, "form": form, "query": query.urlencode(), "can_add": can_add},
    )


def resource_detail(request: HttpRequest, ext_id: str) -> HttpResponse:
    r = _get(request, ext_id)
    translations = _visible(request).filter(translation_group=r.translation_group).exclude(pk=r.pk)
    try:
        related = related_resources(r, user=request.user, limit=5)
    except Exception:  # the index may be rebuilding; the page still works
        related = []
    return render(
        request,
        "library/resource_detail.html",
        {
            "r": r,
            "translations": translations,
            "related": related,
            "files": r.files.all(),
            "editable": can_edit(request.user, r),
            "upload_form": UploadForm(),
        },
    )


def _initial(r: Resource) -> dict[str, object]:
    return {
        "id": r.external_id,
        "title": r.title,
        "language": r.language,
        "type": r.type.slug if r.type else "other",
        "summary": r.summary,
        "text": r.text,
        "date": r.date.isoformat() if r.date else (str(r.year) if r.year else ""),
        "url": r.url,
        "articles": ", ".join(str(a.number) for a in r.articles.all()),
        "topics": [t.slug for t in r.topics.all()],
        "licence": r.licence,
        "audience": r.audience,
        "published": r.published,
    }


@login_required
def resource_edit(request: HttpRequest, ext_id: str | None = None) -> HttpResponse:
    """Create (no ext_id) or edit a resource; the form keeps what was typed when rejected."""
    existing = None
    if ext_id is not None:
        existing = _get(request, ext_id)  # one 404 for missing and for hidden (no oracle)
        if not can_edit(request.user, existing):
            raise PermissionDenied
    elif not may_add_resources(request.user):
        raise PermissionDenied  # before any id is looked at: no "already used" oracle
    if request.method == "POST":
        data = request.POST.copy()
        if existing is not None:
            data["id"] = existing.external_id
        form = ResourceForm(data, editing=existing is not None)
        if form.is_valid() and form.data_record is not None:
            record = form.data_record
            if (
                existing is None
                and Resource.objects.filter(external_id=record.external_id).exists()
            ):
                form.add_error("id", _("This identifier is already used."))
            else:
                if record.provider is None:
                    record.provider = (
                        existing.provider if existing else user_organisation(request.user)
                    )
                r, _outcome = save_resource(record, actor=request.user)
                messages.success(request, _("Saved."))
                return redirect(r.get_absolute_url())
    else:
        form = ResourceForm(
            initial=_initial(existing) if existing else {"language": "en"},
            editing=existing is not None,
        )
    heading = _("Edit resource") if existing else _("Add a resource")
    return form_page(request, form, heading)


@login_required
@require_POST
def resource_upload(request: HttpRequest, ext_id: str) -> HttpResponse:
    r = _get(request, ext_id)
    if not can_edit(request.user, r):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            f = attach_file(r, name=upload.name, upload=upload, actor=request.user)
        except UploadRejected as exc:
            form.add_error("file", str(exc))
        else:
            if f.extraction_state == "failed":
                why = f.failure_reason
                messages.warning(
                    request, _("File kept, but its text could not be read: %(why)s") % {"why": why}
                )
            else:
                messages.success(request, _("File added; its text is being indexed."))
            return redirect(r.get_absolute_url())
    translations = _visible(request).filter(translation_group=r.translation_group).exclude(pk=r.pk)
    return render(
        request,
        "library/resource_detail.html",
        {
            "r": r,
            "translations": translations,
            "related": [],
            "files": r.files.all(),
            "editable": True,
            "upload_form": form,
        },
        status=400,
    )


@login_required
def resource_publish(request: HttpRequest, ext_id: str) -> HttpResponse:
    """Publish in one step (POST published=1); withdrawing from the public goes through a
    confirmation with a required reason (GET shows it; POST without a reason: 400, unchanged)."""
    r = _get(request, ext_id)
    require_edit(request.user, r)
    if request.method == "POST" and request.POST.get("published") == "1":
        set_published(r, True, actor=request.user)
        messages.success(request, _("Published."))
        return redirect(r.get_absolute_url())
    if not r.published:
        return redirect(r.get_absolute_url())
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        set_published(r, False, actor=request.user, note=form.cleaned_data["reason"])
        messages.success(request, _("Withdrawn from the public."))
        return redirect(r.get_absolute_url())
    return confirm_page(
        request,
        form,
        title=_("Withdraw this resource from the public?"),
        what=r.title,
        consequence=_(
            "It leaves the public library and search results; you and the secretariat still "
            "see it, and you can publish it again at any time."
        ),
        button=_("Withdraw from the public"),
        cancel_url=r.get_absolute_url(),
    )
