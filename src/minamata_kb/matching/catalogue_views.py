"""Pages of the technology catalogue: add and edit an entry (the secretariat; an
organisation's editors their own). Writes go through matching/catalogue.save_technology."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minamata_kb.accounts.permissions import can_edit, is_secretariat, user_organisation
from minamata_kb.core.forms import form_page, show_errors
from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.matching.catalogue import TRANSLATED, raw_technology, save_technology
from minamata_kb.matching.models import Technology
from minamata_kb.registry.models import Country, Organisation
from minamata_kb.taxonomy.models import Article, Topic

LANG_NAMES = {
    "en": gettext_lazy("English"),
    "fr": gettext_lazy("French"),
    "es": gettext_lazy("Spanish"),
    "ru": gettext_lazy("Russian"),
    "zh": gettext_lazy("Chinese"),
    "ar": gettext_lazy("Arabic"),
}
FIELD_NAMES = {
    "name": gettext_lazy("Name"),
    "description": gettext_lazy("Description"),
    "replaces": gettext_lazy("Mercury use replaced"),
}


class TechnologyForm(forms.Form):
    slug = forms.CharField(label=gettext_lazy("Identifier"), max_length=80)
    sector = forms.ChoiceField(label=gettext_lazy("Sector"), choices=Technology.Sector.choices)
    maturity = forms.ChoiceField(
        label=gettext_lazy("Maturity"), choices=Technology.Maturity.choices
    )
    cost_notes = forms.CharField(
        label=gettext_lazy("Cost notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    articles = forms.MultipleChoiceField(
        label=gettext_lazy("Articles"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    providers = forms.MultipleChoiceField(
        label=gettext_lazy("Providers"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    countries = forms.MultipleChoiceField(
        label=gettext_lazy("Countries where applied"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    case_studies = forms.CharField(
        label=gettext_lazy("Case studies (library resource ids, separated by ;)"), required=False
    )
    organisation = forms.ChoiceField(label=gettext_lazy("Maintained by"), required=False)
    published = forms.BooleanField(label=gettext_lazy("Published"), required=False)

    def __init__(self, *args: Any, new: bool, secretariat: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in TRANSLATED:
            for lang in CONTENT_LANGUAGES:
                label = f"{FIELD_NAMES[field]} ({LANG_NAMES[lang]})"
                required = lang == "en" and field != "description"
                self.fields[f"{field}_{lang}"] = (
                    forms.CharField(
                        label=label,
                        required=False,
                        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
                    )
                    if field == "description"
                    else forms.CharField(
                        label=label,
                        required=required,
                        max_length=300,
                        widget=forms.TextInput(attrs={"dir": "auto"}),
                    )
                )
        self.fields["topics"].choices = [(t.slug, t.name) for t in Topic.objects.all()]  # type: ignore[attr-defined]
        self.fields["articles"].choices = [  # type: ignore[attr-defined]
            (str(a.number), str(a)) for a in Article.objects.order_by("number")
        ]
        orgs = [(o.slug, o.name) for o in Organisation.objects.order_by("name")]
        self.fields["providers"].choices = orgs  # type: ignore[attr-defined]
        self.fields["organisation"].choices = [("", "—"), *orgs]  # type: ignore[attr-defined]
        self.fields["countries"].choices = [  # type: ignore[attr-defined]
            (c.iso3, c.name) for c in Country.objects.order_by("name_en")
        ]
        self.order_fields(
            [
                "slug",
                *[f"name_{lang}" for lang in CONTENT_LANGUAGES],
                *[f"replaces_{lang}" for lang in CONTENT_LANGUAGES],
                *[f"description_{lang}" for lang in CONTENT_LANGUAGES],
            ]
        )
        if not new:
            self.fields["slug"].disabled = True
        if not secretariat:
            del self.fields["organisation"]  # an editor's entries are its organisation's

    def data_dict(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["case_studies"] = [
            x.strip() for x in (d.get("case_studies") or "").split(";") if x.strip()
        ]
        return d


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "matching/catalogue_refused.html", {"message": message}, status=403)


@login_required
def technology_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    tech = get_object_or_404(Technology, slug=slug) if slug else None
    secretariat = is_secretariat(request.user)
    if tech is not None and not can_edit(request.user, tech):
        return _refuse(request, _("This entry is maintained by another organisation."))
    if tech is None and not secretariat and user_organisation(request.user) is None:
        return _refuse(
            request, _("Only the secretariat and organisations' editors keep the catalogue.")
        )
    initial: dict[str, Any] = {"published": True}
    if tech is not None:
        initial = raw_technology(tech)
        initial["articles"] = [str(n) for n in initial["articles"]]
        initial["case_studies"] = "; ".join(initial["case_studies"])
    form = TechnologyForm(
        request.POST or None, initial=initial, new=tech is None, secretariat=secretariat
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_dict()
        if tech is not None:
            data["slug"] = tech.slug
        try:
            saved, _outcome = save_technology(request.user, data)
        except PermissionDenied as exc:
            return _refuse(request, str(exc))
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The catalogue entry was saved."))
            return redirect(saved.get_absolute_url())
    heading = tech.name if tech else _("New catalogue entry")
    return form_page(
        request,
        form,
        heading,
        above="matching/_catalogue_link.html",
        status=422 if form.errors else 200,
    )
