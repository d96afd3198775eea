"""The signed-in user's own preferences (the language of the mail the site sends)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minamata_kb.accounts import services
from minamata_kb.accounts.permissions import role_of


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the mail you receive (reminders, notifications)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", gettext_lazy("The official UN language of my party (default)")),
            *settings.LANGUAGES,
        ]


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    form = PreferencesForm(
        request.POST or None, initial={"language": role.language if role else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_preferred_language(
                request.user, request.user, form.cleaned_data["language"]
            )
        except ValidationError as exc:
            for key, errs in exc.message_dict.items():
                form.add_error(key if key in form.fields else None, errs)
        else:
            messages.success(request, _("Your preferences were saved."))
            return redirect("accounts:preferences")
    return render(
        request,
        "accounts/preferences.html",
        {"form": form, "has_role": role is not None},
        status=422 if form.errors else 200,
    )
