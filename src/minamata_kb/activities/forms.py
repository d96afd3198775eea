"""Forms of the activities pages. They collect raw text; `validation.clean_activity` decides,
so the page, the API and the importer give the same message for the same mistake."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minamata_kb.activities.models import Activity, Event
from minamata_kb.taxonomy.models import Channel, Topic


def _channel_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(c.slug, c.name) for c in Channel.objects.all()]


class ActivityForm(forms.Form):
    code = forms.CharField(
        label=_("Identifier"),
        max_length=80,
        help_text=_("Lower-case letters, digits, '-' or '_'; used in links. Cannot change later."),
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    language = forms.CharField(
        label=_("Language of the text"), max_length=8, initial="en", required=False
    )
    provider_party = forms.CharField(
        label=_("Provider: party (code)"), max_length=3, required=False
    )
    provider_organisation = forms.CharField(
        label=_("Provider: organisation (identifier)"), max_length=80, required=False
    )
    executing_partners = forms.CharField(
        label=_("Executing partners (organisation identifiers, separated by ;)"), required=False
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=(), required=False)
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=(), required=False)
    amount = forms.CharField(label=_("Amount"), required=False, max_length=40)
    currency = forms.CharField(
        label=_("Currency (ISO 4217)"), required=False, max_length=8, help_text="USD, EUR, CHF…"
    )
    beneficiary_countries = forms.CharField(
        label=_("Beneficiary countries (ISO3 codes, separated by ;)"), required=False
    )
    articles = forms.CharField(label=_("Articles (numbers, separated by ;)"), required=False)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    start_date = forms.CharField(
        label=_("Start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_date = forms.CharField(
        label=_("End"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)
    published = forms.BooleanField(label=_("Published"), required=False, initial=True)
    outputs = forms.CharField(
        label=_("Outputs (knowledge-base resource ids, one a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    source = forms.CharField(
        label=_("Source"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = _channel_choices()  # type: ignore[attr-defined]
        self.fields["funding_source"].choices = _channel_choices()  # type: ignore[attr-defined]
        self.fields["topics"].choices = [(t.slug, t.name) for t in Topic.objects.all()]  # type: ignore[attr-defined]
        if editing:
            self.fields["code"].disabled = True

    def raw(self) -> dict[str, Any]:
        """The typed values as raw input for `save_activity`."""
        data = dict(self.cleaned_data)
        data["outputs"] = [
            {"resource_ref": line.strip(), "title": "", "url": ""}
            for line in (data.get("outputs") or "").splitlines()
            if line.strip()
        ]
        return data


def initial_from(activity: Activity) -> dict[str, Any]:
    """Form values of an existing activity."""
    return {
        "code": activity.code,
        "title": activity.title,
        "description": activity.description,
        "language": activity.language,
        "provider_party": activity.provider_party.code if activity.provider_party else "",
        "provider_organisation": activity.provider_organisation.slug
        if activity.provider_organisation
        else "",
        "executing_partners": "; ".join(o.slug for o in activity.executing_partners.all()),
        "channel": activity.channel.slug if activity.channel else "",
        "funding_source": activity.funding_source.slug if activity.funding_source else "",
        "amount": "" if activity.amount is None else str(activity.amount),
        "currency": activity.currency,
        "beneficiary_countries": "; ".join(c.iso3 for c in activity.beneficiary_countries.all()),
        "articles": "; ".join(str(a.number) for a in activity.articles.all()),
        "topics": [t.slug for t in activity.topics.all()],
        "start_date": activity.start_date.isoformat() if activity.start_date else "",
        "end_date": activity.end_date.isoformat() if activity.end_date else "",
        "status": activity.status,
        "published": activity.published,
        "outputs": "\n".join(o.resource_ref for o in activity.outputs.all() if o.resource_ref),
        "source": activity.source,
    }


class ParticipationForm(forms.Form):
    """One line per country: ISO3, women, men, other (blank ISO3 = country not recorded)."""

    rows = forms.CharField(
        label=_("Participants: one line per country — ISO3, women, men, other"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text="GHA, 3, 4, 0",
    )

    def parsed(self) -> list[dict[str, str]]:
        out = []
        for line in (self.cleaned_data.get("rows") or "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(",")]
            parts += [""] * (4 - len(parts))
            out.append({"country": parts[0], "women": parts[1], "men": parts[2], "other": parts[3]})
        return out


class EventForm(forms.Form):
    code = forms.CharField(label=_("Identifier"), max_length=80)
    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    series = forms.CharField(label=_("Series"), max_length=120, required=False)
    activity = forms.CharField(label=_("Activity (identifier)"), max_length=80, required=False)
    start_date = forms.CharField(
        label=_("Start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_date = forms.CharField(
        label=_("End"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    online = forms.BooleanField(label=_("Online"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    country = forms.CharField(label=_("Country (ISO3)"), max_length=3, required=False)
    languages = forms.CharField(
        label=_("Languages (codes, separated by ;)"), max_length=60, required=False
    )
    organiser = forms.CharField(label=_("Organiser (identifier)"), max_length=80, required=False)
    co_organisers = forms.CharField(
        label=_("Co-organisers (identifiers, separated by ;)"), required=False
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    participants_reported = forms.CharField(
        label=_("Participants reported by the source"), max_length=10, required=False
    )
    published = forms.BooleanField(label=_("Published"), required=False, initial=True)
    materials = forms.CharField(
        label=_("Recordings and presentations: one a line — kind, resource id or URL"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="recording, demo-res-013",
    )
    source = forms.CharField(
        label=_("Source"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t.slug, t.name) for t in Topic.objects.all()]  # type: ignore[attr-defined]
        if editing:
            self.fields["code"].disabled = True

    def raw(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        materials = []
        for line in (data.get("materials") or "").splitlines():
            if not line.strip():
                continue
            kind, _sep, ref = line.partition(",")
            ref = ref.strip()
            is_url = ref.startswith(("http://", "https://"))
            materials.append(
                {
                    "kind": kind.strip(),
                    "resource_ref": "" if is_url else ref,
                    "url": ref if is_url else "",
                }
            )
        data["materials"] = materials
        return data


def event_initial(event: Event) -> dict[str, Any]:
    """Form values of an existing event."""
    return {
        "code": event.code,
        "title": event.title,
        "kind": event.kind,
        "series": event.series,
        "activity": event.activity.code if event.activity else "",
        "start_date": event.start_date.isoformat() if event.start_date else "",
        "end_date": event.end_date.isoformat() if event.end_date else "",
        "online": event.online,
        "place": event.place,
        "country": event.country.iso3 if event.country else "",
        "languages": event.languages,
        "organiser": event.organiser.slug if event.organiser else "",
        "co_organisers": "; ".join(o.slug for o in event.co_organisers.all()),
        "topics": [t.slug for t in event.topics.all()],
        "participants_reported": event.participants_reported or "",
        "published": event.published,
        "materials": "\n".join(
            f"{m.kind}, {m.resource_ref or m.url}" for m in event.materials.all()
        ),
        "source": event.source,
    }


class LinkForm(forms.Form):
    """Which activities and events deliver a work-programme item (secretariat)."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    activities = forms.CharField(
        label=_("Activities (identifiers, separated by ;)"), required=False
    )
    events = forms.CharField(label=_("Events (identifiers, separated by ;)"), required=False)
