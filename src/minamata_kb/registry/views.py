"""Registry pages: countries, parties (with the party profile), organisations."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from minamata_kb.core.extensions import party_sections
from minamata_kb.registry import selectors
from minamata_kb.registry.models import Country, Organisation, Party


def _flags(request: HttpRequest) -> dict[str, bool]:
    return {f: True for f in selectors.FLAGS if request.GET.get(f) == "1"}


def _register_list(request: HttpRequest, select: Any, dataset: str, template: str) -> HttpResponse:
    """A page of the countries or parties (`dataset`), filtered by region, name and flags."""
    qs = select(
        region=request.GET.get("region", ""), q=request.GET.get("q", ""), flags=_flags(request)
    )
    page = Paginator(qs, 60).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {"page": page, "regions": selectors.regions(), "info": selectors.dataset_info(dataset)},
    )


def country_list(request: HttpRequest) -> HttpResponse:
    return _register_list(request, selectors.countries, "countries", "registry/country_list.html")


def country_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    country = get_object_or_404(Country, iso3=iso3.upper())
    party = Party.objects.filter(country=country).first()
    return render(
        request,
        "registry/country_detail.html",
        {
            "country": country,
            "party": party,
            "centres": country.served_by.all(),
        },
    )


def party_list(request: HttpRequest) -> HttpResponse:
    return _register_list(request, selectors.parties, "parties", "registry/party_list.html")


def party_detail(request: HttpRequest, code: str) -> HttpResponse:
    party = get_object_or_404(Party.objects.select_related("country"), code=code.upper())
    centres = party.country.served_by.all() if party.country else Organisation.objects.none()
    return render(
        request,
        "registry/party_detail.html",
        {
            "party": party,
            "centres": centres,
            "focal_points": party.contacts.filter(is_focal_point=True)
            if request.user.is_authenticated
            else [],
            "sections": party_sections(request, party),
        },
    )


def organisation_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.organisations(kind=request.GET.get("kind", ""), q=request.GET.get("q", ""))
    return render(
        request,
        "registry/organisation_list.html",
        {
            "organisations": qs,
            "kinds": Organisation.Kind.choices,
            "info": selectors.dataset_info("organisations"),
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "org": org,
            "served": org.countries_served.all(),
        },
    )
