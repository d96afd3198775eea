"""HTTP API of the registry (mounted under /api/v1/)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from minamata_kb.core.envelope import found
from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.core.listing import listing
from minamata_kb.core.locking import StaleEdit
from minamata_kb.registry import selectors
from minamata_kb.registry.models import Country, Organisation, Party
from minamata_kb.registry.schemas import (
    CountryList,
    CountryOut,
    OrganisationList,
    OrganisationOut,
    OrganisationPatch,
    PartyList,
    PartyOut,
)
from minamata_kb.registry.services import update_organisation

router = Router(tags=["registry"])


class GroupFilters(Schema):
    """The filters countries and parties share: region, a name query and group flags."""

    region: str = ""
    q: str = ""
    ldc: bool | None = None
    sids: bool | None = None
    lldc: bool | None = None
    eit: bool | None = None

    def selector_args(self) -> dict[str, Any]:
        flags = {"ldc": self.ldc, "sids": self.sids, "lldc": self.lldc, "eit": self.eit}
        return {
            "region": self.region,
            "q": self.q,
            "flags": {k: v for k, v in flags.items() if v is not None},
        }


def _listing(key: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """A reference list in the API's list shape, with where its facts come from."""
    info = selectors.dataset_info(key)
    if info is None:
        return listing(items)
    return listing(
        items, source=info.source, as_of=info.as_of, complete=info.complete, note=info.note
    )


def country_out(c: Country) -> dict[str, Any]:
    return {
        "iso3": c.iso3,
        "iso2": c.iso2,
        "m49": c.m49,
        "names": {lang: getattr(c, f"name_{lang}") for lang in CONTENT_LANGUAGES},
        "region": c.region,
        "subregion": c.subregion,
        "ldc": c.ldc,
        "sids": c.sids,
        "lldc": c.lldc,
        "eit": c.eit,
        "developing": c.developing,
        "groups_as_of": c.groups_as_of,
    }


def party_out(p: Party) -> dict[str, Any]:
    return {
        "code": p.code,
        "kind": p.kind,
        "name": p.name,
        "country": p.country.iso3 if p.country else None,
        "instrument": p.instrument,
        "deposit_date": p.deposit_date,
        "entry_into_force": p.entry_into_force,
        "eif_basis": p.eif_basis,
    }


def organisation_out(o: Organisation) -> dict[str, Any]:
    return {
        "id": o.slug,
        "name": o.name,
        "acronym": o.acronym,
        "kind": o.kind,
        "host_country": o.host_country.iso3 if o.host_country else None,
        "city": o.city,
        "conventions": o.conventions,
        "countries_served": sorted(c.iso3 for c in o.countries_served.all()),
        "iati_ref": o.iati_ref,
        "version": o.version,
    }


@router.get("/countries", response=CountryList, summary="Countries (UN M49) with group flags")
def list_countries(request: HttpRequest, filters: Query[GroupFilters]) -> dict[str, Any]:
    found = selectors.countries(**filters.selector_args())
    return _listing("countries", [country_out(c) for c in found])


@router.get("/countries/{iso3}", response=CountryOut)
def get_country(request: HttpRequest, iso3: str) -> dict[str, Any]:
    country = found(Country.objects.filter(iso3=iso3.upper()).first(), f"No country {iso3!r}")
    return country_out(country)


@router.get("/parties", response=PartyList, summary="Parties (partial list: see meta)")
def list_parties(request: HttpRequest, filters: Query[GroupFilters]) -> dict[str, Any]:
    found = selectors.parties(**filters.selector_args())
    return _listing("parties", [party_out(p) for p in found])


@router.get("/parties/{code}", response=PartyOut)
def get_party(request: HttpRequest, code: str) -> dict[str, Any]:
    party = found(
        Party.objects.select_related("country").filter(code=code.upper()).first(),
        f"No party {code!r}",
    )
    return party_out(party)


@router.get("/organisations", response=OrganisationList)
def list_organisations(
    request: HttpRequest, kind: str = "", serves: str = "", q: str = ""
) -> dict[str, Any]:
    qs = selectors.organisations(kind=kind, serves=serves, q=q).prefetch_related("countries_served")
    return _listing("organisations", [organisation_out(o) for o in qs])


@router.get("/organisations/{slug}", response=OrganisationOut)
def get_organisation(request: HttpRequest, slug: str) -> dict[str, Any]:
    org = found(Organisation.objects.filter(slug=slug).first(), f"No organisation {slug!r}")
    return organisation_out(org)


@router.patch(
    "/organisations/{slug}",
    response=OrganisationOut,
    summary="Edit an organisation (send the version you read)",
)
def patch_organisation(
    request: HttpRequest, slug: str, payload: OrganisationPatch
) -> dict[str, Any]:
    from ninja.errors import HttpError

    org = found(Organisation.objects.filter(slug=slug).first(), f"No organisation {slug!r}")
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    try:
        update_organisation(request.user, org, payload.version, changes)
    except StaleEdit as exc:
        raise HttpError(409, str(exc)) from None
    return organisation_out(org)
