"""Pages of the national_reports app (thin: permission checks live in services/selectors):
the reports, the format, a report's own pages and its offline template. The cycle's analysis
(dashboard and document) is in analysis_views.py."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minamata_kb.accounts.permissions import (
    can_act_for_party,
    can_view,
    is_secretariat,
    require_secretariat,
    user_party,
)
from minamata_kb.core.confirm import ReasonForm, confirm_page
from minamata_kb.core.files import UploadRejected, check_size
from minamata_kb.core.languages import CONTENT_TO_UI, UI_TO_CONTENT, current_content_language
from minamata_kb.national_reports import selectors, services
from minamata_kb.national_reports.conditions import condition_text
from minamata_kb.national_reports.documents import article_names
from minamata_kb.national_reports.forms import ReportForm, UploadForm
from minamata_kb.national_reports.importer import answers_from_file
from minamata_kb.national_reports.models import Cycle, NationalReport
from minamata_kb.national_reports.offline import template_docx, template_xlsx
from minamata_kb.registry.models import Party

FILE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def index(request: HttpRequest) -> HttpResponse:
    cycles = list(Cycle.objects.select_related("format"))
    code = request.GET.get("cycle", "")
    reports = selectors.visible_reports(request.user).order_by("-cycle__deadline", "party__name_en")
    if code:
        reports = reports.filter(cycle__code=code)
    queue = request.GET.get("queue", "")
    if queue == "to_publish":
        reports = reports.filter(status=NationalReport.Status.SUBMITTED, published=False)
    party = user_party(request.user)
    own = selectors.party_reports(request.user, party) if party else []
    started = {r.cycle_id for r in own}
    return render(
        request,
        "national_reports/index.html",
        {
            "cycles": cycles,
            "selected": code,
            "queue": queue,
            "reports": reports[:500],
            "party": party,
            "own": own,
            "startable": [c for c in cycles if c.pk not in started and c.includes_party(party)]
            if party
            else [],
            "lang": current_content_language(),
        },
    )


def format_view(request: HttpRequest) -> HttpResponse:
    fmt = selectors.current_format()
    if fmt is None:
        raise Http404(_("No reporting format is loaded."))
    parts = {p.code: p for p in fmt.parts.all()}
    questions = list(fmt.questions.select_related("parent", "replaces__format"))
    for q in questions:
        q.condition = condition_text(q)  # type: ignore[attr-defined]
    grouped = [
        {
            "code": code,
            "part": parts.get(code),
            "questions": [q for q in questions if q.part == code],
        }
        for code in sorted({q.part for q in questions})
    ]
    return render(
        request,
        "national_reports/format.html",
        {
            "format": fmt,
            "parts": grouped,
            "count": len(questions),
            "paraphrases": sum(1 for q in questions if q.paraphrase),
            "arts": article_names(current_content_language()),
        },
    )


def _visible_report(request: HttpRequest, pk: int) -> NationalReport:
    report = get_object_or_404(NationalReport.objects.select_related("party", "cycle"), pk=pk)
    if not can_view(request.user, report):
        raise Http404(_("No such report."))
    return report


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    can_edit = can_act_for_party(request.user, report.party) and (
        report.is_draft or is_secretariat(request.user)
    )
    return render(
        request,
        "national_reports/report_detail.html",
        {
            "report": report,
            "rows": selectors.report_rows(report),
            "can_edit": can_edit,
            "is_officer": is_secretariat(request.user),
        },
    )


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    if not can_act_for_party(request.user, report.party):
        raise PermissionDenied(_("You may not change another party's report."))
    if not report.is_draft and not is_secretariat(request.user):
        raise PermissionDenied(_("This report was submitted; only the secretariat may change it."))
    form = ReportForm(report, request.POST or None)
    upload = UploadForm()
    status = 200
    if request.method == "POST" and form.is_valid():
        errors = services.save_answers(request.user, report, form.answers())
        for number, message in errors.items():
            form.add_error(f"q{number}", message)
        if not errors and "submit" in request.POST:
            try:
                services.submit_report(request.user, report)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("The report was submitted."))
                return redirect("national_reports:report_detail", pk=report.pk)
        elif not errors:
            messages.success(request, _("Draft saved."))
            return redirect("national_reports:report_edit", pk=report.pk)
    if request.method == "POST" and form.errors:
        status = 400
    return render(
        request,
        "national_reports/report_form.html",
        {"report": report, "form": form, "upload": upload},
        status=status,
    )


def _too_big(size: int) -> str | None:
    """Why an upload of ``size`` bytes is refused (MAX_UPLOAD_BYTES), or None."""
    try:
        check_size(size)
    except UploadRejected as exc:
        return str(exc)
    return None


@login_required
@require_POST
def report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    if not can_act_for_party(request.user, report.party) or (
        not report.is_draft and not is_secretariat(request.user)
    ):
        raise PermissionDenied(_("You may not change this report."))
    upload = UploadForm(request.POST, request.FILES)
    errors: list[str] = []
    if upload.is_valid():
        f = upload.cleaned_data["file"]
        suffix = Path(f.name).suffix.lower()
        if suffix not in {".xlsx", ".csv", ".json"}:
            upload.add_error("file", _("Use an XLSX, CSV or JSON file."))
        elif (too_big := _too_big(f.size or 0)) is not None:
            upload.add_error("file", too_big)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"upload{suffix}"
                with open(path, "wb") as fh:
                    for chunk in f.chunks():
                        fh.write(chunk)
                errors = [str(e) for e in answers_from_file(request.user, report, path)]
            if not errors:
                messages.success(request, _("The file's answers were saved in the draft."))
                return redirect("national_reports:report_edit", pk=report.pk)
    return render(
        request,
        "national_reports/report_form.html",
        {"report": report, "form": ReportForm(report), "upload": upload, "upload_errors": errors},
        status=400,
    )


@login_required
@require_POST
def report_start(request: HttpRequest, cycle: str) -> HttpResponse:
    c = get_object_or_404(Cycle, code=cycle)
    code = request.POST.get("party", "")
    party = Party.objects.filter(code=code.upper()).first() if code else user_party(request.user)
    if party is None:
        raise PermissionDenied(_("Only focal points and the secretariat start reports."))
    try:
        report = services.start_report(request.user, party, c)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("national_reports:index")
    return redirect("national_reports:report_edit", pk=report.pk)


@login_required
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish or return in one step; withdrawing a publication goes through a confirmation
    with a required reason (GET ?action=withdraw shows it; POST without a reason: 400)."""
    report = get_object_or_404(NationalReport, pk=pk)
    action = request.POST.get("action") or request.GET.get("action", "")
    if action == "withdraw":
        return _withdraw_publication(request, report)
    if request.method != "POST":
        return redirect("national_reports:report_detail", pk=report.pk)
    try:
        if action == "return":
            services.return_to_draft(request.user, report)
        else:
            services.publish_report(request.user, report, True)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("national_reports:report_detail", pk=report.pk)


def _withdraw_publication(request: HttpRequest, report: NationalReport) -> HttpResponse:
    require_secretariat(request.user)
    detail = reverse("national_reports:report_detail", args=[report.pk])
    if not report.published:
        return redirect(detail)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.publish_report(request.user, report, False, note=form.cleaned_data["reason"])
        messages.success(request, _("Publication withdrawn: the report is no longer public."))
        return redirect(detail)
    return confirm_page(
        request,
        form,
        title=_("Withdraw the publication of this report?"),
        what=f"{report.party.name} · {report.cycle.label}",
        consequence=_(
            "The report stays submitted but is no longer public: its answers leave the public "
            "pages and the dashboard's public figures until it is published again."
        ),
        button=_("Withdraw the publication"),
        cancel_url=detail,
    )


def download_language(request: HttpRequest) -> str:
    """The content language a file is asked in (``?lang=``, else the page's); 404 if unknown."""
    value = request.GET.get("lang", "") or current_content_language()
    value = UI_TO_CONTENT.get(value, value)
    if value not in CONTENT_TO_UI:
        raise Http404(_("Unknown language."))
    return value


def offline_template(request: HttpRequest, cycle: str, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "docx"):
        raise Http404(_("Unknown file type."))
    c = get_object_or_404(Cycle.objects.select_related("format"), code=cycle)
    lang = download_language(request)
    party = user_party(request.user)
    code = party.code if party else ""
    build = template_xlsx if fmt == "xlsx" else template_docx
    response = HttpResponse(build(c, lang, party_code=code), content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="national-report-{c.code}-{lang}.{fmt}"'
    )
    return response
