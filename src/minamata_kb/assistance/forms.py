"""Forms of the assistance pages; the service decides, the form keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from minamata_kb.accounts.models import Role
from minamata_kb.assistance.models import Request
from minamata_kb.registry.models import Party
from minamata_kb.taxonomy.models import Article, Topic


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class RequestForm(forms.Form):
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=Party.objects.all(), to_field_name="code", required=False
    )
    kind = forms.ChoiceField(label=_("What do you need?"), choices=Request.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Your request"), widget=forms.Textarea(attrs={"rows": 8}))
    articles = forms.ModelMultipleChoiceField(
        label=_("Articles concerned"),
        queryset=Article.objects.all(),
        to_field_name="number",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = MultipleFileField(
        label=_("Attachments (PDF, Word, Excel, text, images)"), required=False
    )

    def __init__(self, *args: Any, choose_party: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not choose_party:
            del self.fields["party"]
        else:
            self.fields["party"].required = True


def secretariat_users() -> Any:
    return (
        get_user_model()
        .objects.filter(role__kind__in=[Role.Kind.OFFICER, Role.Kind.ADMIN])
        .order_by("username")
    )


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("Next step"), choices=Request.State.choices)
    reason = forms.CharField(
        label=_("Reason (required to reject or withdraw)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=get_user_model().objects.none(),
        to_field_name="username",
        required=False,
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    resources = forms.CharField(
        label=_("Resources that answer it (ids, one a line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    activities = forms.CharField(
        label=_("Activities that answer it (identifiers, one a line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(
        self, *args: Any, choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["to_state"].choices = choices  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = secretariat_users()  # type: ignore[attr-defined]

    def lines(self, key: str) -> list[str]:
        return [x.strip() for x in (self.cleaned_data.get(key) or "").splitlines() if x.strip()]
