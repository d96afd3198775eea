"""Pages: a COP meeting's record (agenda items, documents) and building its programme note.

Anyone may read a meeting; only the secretariat (officers, admins) edits it or builds editions.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core.labels import language_choices
from minamata_kb.documents import services
from minamata_kb.documents.meeting_forms import AgendaItemForm, MeetingDocumentForm, MeetingForm
from minamata_kb.documents.meetings import Meeting, MeetingDocument, MissingTranslations
from minamata_kb.documents.models import Document
from minamata_kb.documents.views import missing_message


class BuildNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Document"),
        choices=[("note", gettext_lazy("Programme note")), ("annex", gettext_lazy("Compilation of submissions"))],
    )  # fmt: skip
    lang = forms.ChoiceField(label=gettext_lazy("Language"), choices=language_choices)
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[("pdf", "PDF"), ("docx", "DOCX"), ("md", "Markdown")]
    )
    internal = forms.BooleanField(
        label=gettext_lazy("Internal edition (with the records behind each paragraph)"),
        required=False,
    )
    draft = forms.BooleanField(
        label=gettext_lazy("Draft (mark untranslated record text instead of refusing)"),
        required=False,
    )


def _officer_only(request: HttpRequest) -> None:
    if not is_secretariat(request.user):
        raise PermissionDenied(
            _("Only the secretariat edits COP meetings and builds their documents.")
        )


def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.prefetch_related("documents", "agenda_items")
    form = None
    if is_secretariat(request.user):
        form = MeetingForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            meeting = form.save()
            record_change(
                request.user, ChangeRecord.Action.CREATE, meeting, None, {"number": meeting.number}
            )
            messages.success(request, _("Meeting COP-%(n)s added.") % {"n": meeting.number})
            return redirect("documents:meeting_detail", meeting.pk)
    elif request.method == "POST":
        _officer_only(request)
    return render(request, "documents/meeting_list.html", {"meetings": meetings, "form": form})


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    officer = is_secretariat(request.user)
    if request.method == "POST":
        _officer_only(request)
    which = request.POST.get("form", "")
    meeting_form = MeetingForm(request.POST if which == "meeting" else None, instance=meeting)
    item_form = AgendaItemForm(request.POST if which == "item" else None, meeting=meeting)
    doc_form = MeetingDocumentForm(request.POST if which == "document" else None, meeting=meeting)
    build_form = BuildNoteForm(request.POST if which == "build" else None)
    bound = {"meeting": meeting_form, "item": item_form, "document": doc_form}.get(which)
    if bound is not None and bound.is_valid():
        obj = bound.save()
        record_change(request.user, ChangeRecord.Action.UPDATE, obj, None, {"form": which})
        messages.success(request, _("Saved."))
        return redirect("documents:meeting_detail", meeting.pk)
    if which == "build" and build_form.is_valid():
        response = _build(request, meeting, build_form.cleaned_data)
        if response is not None:
            return response
    context = {
        "meeting": meeting,
        "officer": officer,
        "items": meeting.agenda_items.all(),
        "docs": meeting.documents.select_related("agenda_item", "call"),
        "meeting_form": meeting_form,
        "item_form": item_form,
        "doc_form": doc_form,
        "build_form": build_form,
        "editions": Document.objects.filter(meeting_document__meeting=meeting)[:100],
    }
    return render(request, "documents/meeting_detail.html", context)


def _build(request: HttpRequest, meeting: Meeting, d: dict[str, Any]) -> HttpResponse | None:
    note = meeting.documents.filter(kind=MeetingDocument.Kind.PROGRAMME_NOTE).first()
    if note is None:
        messages.error(
            request, _("Add the meeting's programme note (a document of that kind) first.")
        )
        return None
    try:
        doc, _data, _images = services.generate_programme_note(
            request.user, note, d["kind"], d["lang"], d["format"],
            internal=d["internal"], draft=d["draft"],
        )  # fmt: skip
    except MissingTranslations as exc:
        messages.error(request, missing_message(exc))
        return None
    except ValueError as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, _("Built DOC-%(id)s.") % {"id": doc.pk})
    return redirect("documents:meeting_detail", meeting.pk)


def document_edit(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    record = get_object_or_404(MeetingDocument, pk=doc, meeting=meeting)
    _officer_only(request)
    form = MeetingDocumentForm(request.POST or None, instance=record, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        record_change(
            request.user, ChangeRecord.Action.UPDATE, record, None, {"symbol": record.symbol}
        )
        messages.success(request, _("Saved."))
        return redirect("documents:meeting_detail", meeting.pk)
    return render(
        request,
        "documents/meeting_document_edit.html",
        {"meeting": meeting, "record": record, "form": form},
    )
