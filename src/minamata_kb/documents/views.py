"""Pages: the COP documents built so far, and the secretariat's form to build one (thin)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.core.labels import language_choices
from minamata_kb.core.numbers import as_id
from minamata_kb.documents import editions, services
from minamata_kb.documents.meetings import MissingTranslations
from minamata_kb.documents.models import Document
from minamata_kb.documents.selectors import visible_documents
from minamata_kb.publishing.editions import KINDS
from minamata_kb.submissions import selectors as submission_selectors
from minamata_kb.submissions.models import Call

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
}


class GenerateForm(forms.Form):
    call: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Call"), queryset=Call.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Document"),
        choices=[
            ("note", gettext_lazy("Note on submissions")),
            ("annex", gettext_lazy("Compilation of submissions")),
            ("national_reports", gettext_lazy("Analysis of national reports")),
            ("technology", gettext_lazy("Article 14(4) technology review")),
        ],
    )
    lang = forms.ChoiceField(label=gettext_lazy("Language"), choices=language_choices)
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[("pdf", "PDF"), ("docx", "DOCX"), ("md", "Markdown")]
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = submission_selectors.calls(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if data.get("kind") in ("note", "annex") and not data.get("call"):
            self.add_error("call", _("Choose the call whose submissions the document reports."))
        return data


def _generate(request: HttpRequest, d: dict[str, Any]) -> Document:
    """Build one edition of the chosen kind (the analysis and the review need no call)."""
    if d["kind"] in KINDS:
        doc, _data = editions.generate(request.user, d["kind"], d["lang"], d["format"])
        return doc
    doc, _data, _images = services.generate(
        request.user, d["call"], d["kind"], d["lang"], d["format"]
    )
    return doc


def missing_message(exc: MissingTranslations) -> str:
    """What to translate before the edition can be built."""
    return _("The %(lang)s edition needs these texts translated first: %(items)s.") % {
        "lang": exc.lang,
        "items": "; ".join(exc.missing),
    }


def document_list(request: HttpRequest) -> HttpResponse:
    """Every document built (public: COP documents are published)."""
    docs = visible_documents(request.user)
    call = as_id(request.GET.get("call", ""))
    if call is not None:
        docs = docs.filter(snapshot__call_id=call)
    form = None
    if is_secretariat(request.user):
        form = GenerateForm(
            request.POST or None, user=request.user, initial={"call": request.GET.get("call")}
        )
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                doc = _generate(request, d)
            except MissingTranslations as exc:
                messages.error(request, missing_message(exc))
            else:
                messages.success(request, _("Built DOC-%(id)s.") % {"id": doc.pk})
                return redirect("documents:document_list")
    elif request.method == "POST":
        raise PermissionDenied(_("Only the secretariat builds COP documents."))
    return render(request, "documents/document_list.html", {"documents": docs[:200], "form": form})


def download(request: HttpRequest, pk: int) -> FileResponse:
    doc = get_object_or_404(visible_documents(request.user), pk=pk)
    if doc.meeting_document_id:
        symbol = doc.meeting_document.symbol.replace("/", "-")  # type: ignore[union-attr]
        name = f"{symbol}-{doc.kind}-{doc.language}.{doc.format}"
    elif doc.snapshot.call_id:
        name = f"{doc.kind}-call{doc.snapshot.call_id}-{doc.language}.{doc.format}"
    else:
        name = f"{doc.kind}-{doc.language}.{doc.format}"
    response = FileResponse(doc.file.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = CONTENT_TYPES.get(doc.format, "application/octet-stream")
    return response
