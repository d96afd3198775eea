"""A confirmation step with a required reason, for actions that take something away (withdraw a
submission, unpublish a resource or a report): GET shows what will happen, POST without a reason
is refused (400, nothing changes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

MAX_REASON = 300


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (required, kept in the record's history)"),
        max_length=MAX_REASON,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        error_messages={"required": _("Say why: the reason is required.")},
    )


def confirm_page(
    request: HttpRequest,
    form: ReasonForm,
    *,
    title: str,
    what: str,
    consequence: str,
    button: str,
    cancel_url: str,
) -> HttpResponse:
    """The confirmation page: what is concerned, what will happen, a reason, confirm or cancel.
    Shown again after a POST only when the reason was missing: then it answers 400."""
    context: dict[str, Any] = {
        "form": form,
        "title": title,
        "what": what,
        "consequence": consequence,
        "button": button,
        "cancel_url": cancel_url,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "core/confirm.html", context, status=status)
