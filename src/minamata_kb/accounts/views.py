"""The signed-in user's own preferences (the language of the mail the site sends)."""

from __future__ import annotations

from typing import Any

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
from minamata_kb.accounts import tokens as token_services
from minamata_kb.accounts.models import ApiToken
from minamata_kb.accounts.permissions import role_of
from minamata_kb.core.forms import show_errors


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the mail you receive (reminders, notifications)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
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
            show_errors(form, exc)
        else:
            messages.success(request, _("Your preferences were saved."))
            return redirect("accounts:preferences")
    return render(
        request,
        "accounts/preferences.html",
        {"form": form, "has_role": role is not None},
        status=422 if form.errors else 200,
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope"),
        choices=[
            ("read", gettext_lazy("Read only")),
            ("write", gettext_lazy("Read and write")),
        ],
        initial="read",
    )
    expires = forms.DateField(
        label=gettext_lazy("Expires on (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens: create one (shown once), list them, revoke one."""
    import datetime

    from django.utils import timezone

    creating = request.method == "POST" and request.POST.get("action") == "create"
    form = TokenForm(request.POST if creating else None)
    shown = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        given = request.POST.get("token", "")
        token = (
            ApiToken.objects.filter(owner_id=request.user.pk, pk=int(given)).first()
            if given.isdigit() and len(given) < 19
            else None
        )
        if token is None:
            messages.error(request, _("No such token."))
        else:
            token_services.revoke_token(request.user, token)
            messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
        return redirect("accounts:tokens")
    if creating and form.is_valid():
        expires = form.cleaned_data["expires"]
        expires_at = (
            timezone.make_aware(datetime.datetime.combine(expires, datetime.time.max))
            if expires
            else None
        )
        try:
            token, shown = token_services.create_token(
                request.user,
                request.user,
                form.cleaned_data["name"],
                form.cleaned_data["scope"],
                expires_at,
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            form = TokenForm()
    response = render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "shown": shown,
            "tokens": token_services.live_tokens(request.user),
            "now": timezone.now(),
        },
        status=422 if form.errors else 200,
    )
    if shown:
        response["Cache-Control"] = "no-store"
    return response
