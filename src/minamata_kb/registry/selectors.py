"""Reads of the registry, with the filters shared by pages and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from minamata_kb.registry.models import Country, DatasetInfo, Organisation, Party

FLAGS = ("ldc", "sids", "lldc", "eit", "developing")


def countries(
    *, region: str = "", q: str = "", flags: dict[str, bool] | None = None
) -> QuerySet[Country]:
    """Countries filtered by region, name and group flags."""
    qs = Country.objects.all()
    if region:
        qs = qs.filter(region=region)
    if q:
        qs = qs.filter(
            Q(name_en__icontains=q)
            | Q(iso3__iexact=q)
            | Q(name_fr__icontains=q)
            | Q(name_es__icontains=q)
            | Q(name_ru__icontains=q)
            | Q(name_zh__icontains=q)
            | Q(name_ar__icontains=q)
        )
    for flag, value in (flags or {}).items():
        if flag in FLAGS:
            qs = qs.filter(**{flag: value})
    return qs


def parties(
    *, region: str = "", q: str = "", flags: dict[str, bool] | None = None
) -> QuerySet[Party]:
    """Parties filtered by their country's region and flags (the EU has none)."""
    qs = Party.objects.select_related("country")
    if region:
        qs = qs.filter(country__region=region)
    if q:
        qs = qs.filter(
            Q(name_en__icontains=q)
            | Q(code__iexact=q)
            | Q(country__name_fr__icontains=q)
            | Q(country__name_es__icontains=q)
            | Q(country__name_ru__icontains=q)
            | Q(country__name_zh__icontains=q)
            | Q(country__name_ar__icontains=q)
        )
    for flag, value in (flags or {}).items():
        if flag in FLAGS:
            qs = qs.filter(**{f"country__{flag}": value})
    return qs


def organisations(*, kind: str = "", serves: str = "", q: str = "") -> QuerySet[Organisation]:
    """Organisations by kind, by a country they serve (ISO3) and by name."""
    qs = Organisation.objects.select_related("host_country")
    if kind:
        qs = qs.filter(kind=kind)
    if serves:
        qs = qs.filter(countries_served__iso3=serves.upper())
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(acronym__icontains=q) | Q(slug__iexact=q))
    return qs.distinct()


def regions() -> list[str]:
    """The M49 regions present in the registry."""
    return sorted(set(Country.objects.exclude(region="").values_list("region", flat=True)))


def dataset_info(key: str) -> DatasetInfo | None:
    """Source, as-of date and completeness of a loaded reference list."""
    return DatasetInfo.objects.filter(key=key).first()
