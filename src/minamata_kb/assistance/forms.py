"""Forms of the assistance pages; the service decides, the form keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from minamata_kb.accounts.models import Role
from minamata_kb.activities.models import Activity
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


def _resource_choices() -> list[tuple[str, str]]:
    """Published library resources as (external id, "title (id)"), by title."""
    try:
        from minamata_kb.library.models import Resource
    except ImportError:  # pragma: no cover - the library app is always installed here
        return []
    rows = Resource.objects.filter(published=True).order_by("title", "external_id")
    return [(ext, f"{title} ({ext})") for ext, title in rows.values_list("external_id", "title")]


def _activity_choices() -> list[tuple[str, str]]:
    rows = Activity.objects.order_by("code").values_list("code", "title")
    return [(code, f"{code}: {title}") for code, title in rows]


S = Request.State
# The fields each next step needs; the form shows those of the steps offered, nothing else.
STEP_FIELDS: dict[str, list[str]] = {
    S.TRIAGED: ["due_date"],
    S.ASSIGNED: ["assignee", "due_date"],
    S.ANSWERED: ["answer", "resources", "activities"],
    S.PLANNED: ["plan"],
    S.IN_DELIVERY: ["activities"],
    S.CLOSED: ["rating", "feedback"],
    S.REJECTED: ["reason"],
    S.WITHDRAWN: ["reason"],
}
# The step proposed first: the furthest forward step offered, never a refusal or a withdrawal.
FORWARD = [S.TRIAGED, S.ASSIGNED, S.ANSWERED, S.PLANNED, S.IN_DELIVERY, S.CLOSED]
RATING_CHOICES = [("", "—")] + [(str(n), f"{n} / 5") for n in range(1, 6)]


def _rating_field(*, required: bool) -> forms.TypedChoiceField:
    """The requester's rating of the outcome, 1 to 5 (on the closing step and afterwards)."""
    return forms.TypedChoiceField(
        label=_("Your rating of the outcome (1 = poor, 5 = excellent)"),
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=required,
    )


def _feedback_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your comment on the outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
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
        label=_("Answer due by (at triage or assignment)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    resources = forms.MultipleChoiceField(
        label=_("Library resources that answer it"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6, "data-filter": ""}),
    )
    plan = forms.CharField(
        label=_("Response plan (what will be done, by whom, by when)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    activities = forms.MultipleChoiceField(
        label=_("Activities that answer or deliver it"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6, "data-filter": ""}),
    )
    rating = _rating_field(required=False)
    feedback = _feedback_field()

    def __init__(
        self,
        *args: Any,
        choices: list[tuple[str, str]] | None = None,
        may_rate: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        steps = [value for value, _label in (choices or [])]
        forward = [s for s in FORWARD if s in steps]
        if choices is not None:
            offered: list[tuple[str, Any]] = list(choices)
            if not forward:  # only a refusal or a withdrawal: make the user choose it
                offered = [("", _("— choose —")), *offered]
            self.fields["to_state"].choices = offered  # type: ignore[attr-defined]
            self.fields["to_state"].initial = forward[-1] if forward else ""
        keep = {"to_state"}
        for step in steps:
            keep.update(STEP_FIELDS.get(step, []))
        if not may_rate:
            keep -= {"rating", "feedback"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = secretariat_users()  # type: ignore[attr-defined]
        if "resources" in self.fields:
            self.fields["resources"].choices = _resource_choices()  # type: ignore[attr-defined]
        if "activities" in self.fields:
            self.fields["activities"].choices = _activity_choices()  # type: ignore[attr-defined]

    def step_fields(self) -> dict[str, list[str]]:
        """For each step offered, the fields it uses: the page shows only the chosen step's
        (static/js/forms.js; without scripts every field of the steps offered shows)."""
        steps = [value for value, _label in self.fields["to_state"].choices if value]  # type: ignore[attr-defined]
        return {s: [f for f in STEP_FIELDS.get(s, []) if f in self.fields] for s in steps}

    def value(self, key: str) -> Any:
        """A cleaned value, or the empty value of a field this form does not show."""
        return self.cleaned_data.get(key) if key in self.fields else None

    def lines(self, key: str) -> list[str]:
        return [str(x).strip() for x in (self.value(key) or []) if str(x).strip()]


class FeedbackForm(forms.Form):
    """The requesting party rates a closed request's outcome (once)."""

    rating = _rating_field(required=True)
    feedback = _feedback_field()
