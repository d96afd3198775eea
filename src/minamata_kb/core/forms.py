"""What the apps' form pages share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def show_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show what a service refused on the form: each message next to the field it names, or
    above the form when the form has no such field."""
    for key, errs in exc.message_dict.items():
        form.add_error(key if key in form.fields else None, errs)
