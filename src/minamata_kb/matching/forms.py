"""Forms of the matching app (they keep what was typed and say what is wrong per field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.matching.models import Need
from minamata_kb.registry.models import Party
from minamata_kb.taxonomy.models import Topic


class NeedForm(forms.Form):
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=Party.objects.order_by("name_en"), to_field_name="code"
    )
    text = forms.CharField(
        label=_("Need"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        help_text=_("In any language: what the party needs and why."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Detect"))] + [(c, c) for c in CONTENT_LANGUAGES],
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.order_by("position", "slug"),
        to_field_name="slug",
        required=False,
        help_text=_("Leave empty to let the classifier suggest them."),
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Need.Priority.choices, initial=Need.Priority.MEDIUM
    )
    published = forms.BooleanField(label=_("Published"), required=False)

    def __init__(self, *args: Any, party: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if party is not None:
            # a focal point records needs of their own party only
            self.fields["party"].queryset = Party.objects.filter(pk=party.pk)  # type: ignore[attr-defined]
            self.fields["party"].initial = party.code


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Need.Status.choices)
    note = forms.CharField(required=False, max_length=2000)
