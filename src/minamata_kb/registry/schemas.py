"""API shapes of the registry."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from minamata_kb.core.listing import ListMeta as BaseListMeta


class CountryOut(Schema):
    iso3: str
    iso2: str = Field("", description="ISO 3166-1 alpha-2 (pycountry); empty where ISO has none")
    m49: str
    names: dict[str, str]
    region: str
    subregion: str
    ldc: bool
    sids: bool
    lldc: bool
    eit: bool
    developing: bool
    groups_as_of: str


class PartyOut(Schema):
    code: str
    kind: str
    name: str
    country: str | None
    instrument: str
    deposit_date: dt.date | None
    entry_into_force: dt.date | None
    eif_basis: str


class OrganisationOut(Schema):
    id: str
    name: str
    acronym: str
    kind: str
    host_country: str | None
    city: str
    conventions: str
    countries_served: list[str]
    iati_ref: str = Field("", description="IATI organisation identifier, only where one is known")
    version: int


class OrganisationPatch(Schema):
    version: int
    name: str | None = None
    acronym: str | None = None
    city: str | None = None
    host_institution: str | None = None
    region_served: str | None = None
    url: str | None = None
    partnership_areas: str | None = None


class ListMeta(BaseListMeta):
    """A reference list says where its facts come from and how complete they are."""

    source: str = ""
    as_of: str = ""
    complete: bool = True
    note: str = ""


class CountryList(Schema):
    meta: ListMeta
    items: list[CountryOut]


class PartyList(Schema):
    meta: ListMeta
    items: list[PartyOut]


class OrganisationList(Schema):
    meta: ListMeta
    items: list[OrganisationOut]
