"""schema.org descriptions of a resource (CreativeWork / LearningResource), an organisation
(Organization) and an event (Event), for the <script type="application/ld+json"> of their pages.

Only for published records (a draft's page, seen by its editors, gets none): search engines and
harvesters read these, and they must never describe what the public can't see.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

LEARNING_TYPES = {"training", "course", "e-learning", "elearning", "toolkit", "webinar"}


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def resource_ld(r: Any, request: HttpRequest) -> dict[str, Any] | None:
    if not r.published:
        return None
    type_slug = (r.type.slug if r.type else r.type_label or "").lower()
    types = ["CreativeWork"]
    if any(t in type_slug for t in LEARNING_TYPES):
        types.append("LearningResource")
    publisher = None
    if r.provider is not None:
        publisher = {
            "@type": "Organization",
            "name": r.provider.name,
            "url": request.build_absolute_uri(_org_url(r.provider)),
        }
    elif r.provider_name:
        publisher = {"@type": "Organization", "name": r.provider_name}
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": types if len(types) > 1 else types[0],
            "@id": request.build_absolute_uri(r.get_absolute_url()),
            "identifier": r.external_id,
            "name": r.title,
            "description": r.summary or r.text[:500],
            "inLanguage": r.language,
            "datePublished": r.date.isoformat() if r.date else (str(r.year) if r.year else None),
            "dateModified": r.updated_at.isoformat() if r.updated_at else None,
            "url": request.build_absolute_uri(r.get_absolute_url()),
            "sameAs": r.url or None,
            "license": r.licence or None,
            "audience": {"@type": "Audience", "audienceType": r.audience} if r.audience else None,
            "keywords": [t.slug for t in r.topics.all()],
            "spatialCoverage": [
                {"@type": "Country", "name": c.name_en, "identifier": c.iso3}
                for c in r.countries.all()
            ],
            "publisher": publisher,
        }
    )


def _org_url(o: Any) -> str:
    from django.urls import reverse

    return reverse("registry:organisation_detail", args=[o.slug])


def organisation_ld(o: Any, request: HttpRequest) -> dict[str, Any]:
    address = None
    if o.city or o.host_country_id:
        address = _clean(
            {
                "@type": "PostalAddress",
                "addressLocality": o.city,
                "addressCountry": (o.host_country.iso2 or o.host_country.iso3)
                if o.host_country
                else None,
            }
        )
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Organization",
            "@id": request.build_absolute_uri(_org_url(o)),
            "identifier": o.iati_ref or o.slug,
            "name": o.name,
            "alternateName": o.acronym,
            "url": o.url or request.build_absolute_uri(_org_url(o)),
            "address": address,
            "areaServed": [
                {"@type": "Country", "name": c.name_en, "identifier": c.iso3}
                for c in o.countries_served.all()
            ],
        }
    )


def event_ld(e: Any, request: HttpRequest) -> dict[str, Any] | None:
    if not e.published:
        return None
    if e.online:
        location: Any = {
            "@type": "VirtualLocation",
            "url": request.build_absolute_uri(e.get_absolute_url()),
        }
    elif e.place or e.country_id:
        location = _clean(
            {
                "@type": "Place",
                "name": e.place or (e.country.name_en if e.country else None),
                "address": _clean(
                    {
                        "@type": "PostalAddress",
                        "addressCountry": (e.country.iso2 or e.country.iso3) if e.country else None,
                    }
                ),
            }
        )
    else:
        location = None
    organiser = (
        {
            "@type": "Organization",
            "name": e.organiser.name,
            "url": request.build_absolute_uri(_org_url(e.organiser)),
        }
        if e.organiser_id
        else None
    )
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "@id": request.build_absolute_uri(e.get_absolute_url()),
            "identifier": e.code,
            "name": e.title or e.code,
            "startDate": e.start_date.isoformat() if e.start_date else None,
            "endDate": e.end_date.isoformat() if e.end_date else None,
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
            if e.online
            else "https://schema.org/OfflineEventAttendanceMode",
            "location": location,
            "organizer": organiser,
            "inLanguage": [x for x in e.languages.split(";") if x] if e.languages else None,
            "url": request.build_absolute_uri(e.get_absolute_url()),
        }
    )


def script_tag(data: dict[str, Any] | None) -> SafeString:
    """`<script type="application/ld+json">` with `<`, `>` and `&` escaped inside the JSON, so
    no text of a record can close the element."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
