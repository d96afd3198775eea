"""Reads of the registry, with the filters shared by pages and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from minamata_kb.core.filtering import narrowed
from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.registry.models import Country, DatasetInfo, Organisation, Party

FLAGS = ("ldc", "sids", "lldc", "eit", "developing")


def _name_matches(q: str, prefix: str = "") -> Q:
    """A name in any of the six languages contains `q`."""
    names = Q()
    for lang in CONTENT_LANGUAGES:
        names |= Q(**{f"{prefix}name_{lang}__icontains": q})
    return names


def _with_flags(qs: QuerySet, flags: dict[str, bool] | None, prefix: str = "") -> QuerySet:
    """Keep rows whose (country's) group flags have the given values; unknown flags are ignored."""
    for flag, value in (flags or {}).items():
        if flag in FLAGS:
            qs = qs.filter(**{f"{prefix}{flag}": value})
    return qs


def countries(
    *, region: str = "", q: str = "", flags: dict[str, bool] | None = None
) -> QuerySet[Country]:
    """Countries filtered by region, name and group flags."""
    qs = narrowed(Country.objects.all(), region=region)
    if q:
        qs = qs.filter(_name_matches(q) | Q(iso3__iexact=q))
    return _with_flags(qs, flags)


def parties(
    *, region: str = "", q: str = "", flags: dict[str, bool] | None = None
) -> QuerySet[Party]:
    """Parties filtered by their country's region and flags (the EU has none)."""
    qs = narrowed(Party.objects.select_related("country"), country__region=region)
    if q:
        qs = qs.filter(_name_matches(q) | _name_matches(q, "country__") | Q(code__iexact=q))
    return _with_flags(qs, flags, "country__")


def organisations(*, kind: str = "", serves: str = "", q: str = "") -> QuerySet[Organisation]:
    """Organisations by kind, by a country they serve (ISO3) and by name."""
    qs = narrowed(
        Organisation.objects.select_related("host_country"),
        kind=kind,
        countries_served__iso3=serves.upper(),
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(acronym__icontains=q) | Q(slug__iexact=q))
    return qs.distinct()


def regions() -> list[str]:
    """The M49 regions present in the registry."""
    return sorted(set(Country.objects.exclude(region="").values_list("region", flat=True)))


def dataset_info(key: str) -> DatasetInfo | None:
    """Source, as-of date and completeness of a loaded reference list."""
    return DatasetInfo.objects.filter(key=key).first()
