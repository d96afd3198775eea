"""What the apps' form pages share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def show_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show what a service refused on the form: each message next to the field it names, or
    above the form when the form has no such field."""
    for key, errs in exc.message_dict.items():
        form.add_error(key if key in form.fields else None, errs)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    heading: str,
    *,
    above: str = "",
    submit: str = "",
    status: int = 200,
) -> HttpResponse:
    """The page that edits one record (templates/core/form_page.html): `heading` names it,
    `above` is a template of navigation above the heading, `submit` the button's label."""
    context = {"form": form, "heading": heading, "above": above, "submit": submit}
    return render(request, "core/form_page.html", context, status=status)
