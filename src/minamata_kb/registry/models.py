"""Countries, parties and organisations: the registry every other record points at."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.languages import localized


class Country(models.Model):
    """A UN M49 area with names in the six languages and the Article 14 priority flags."""

    iso3 = models.CharField(max_length=3, unique=True)
    iso2 = models.CharField(max_length=2, blank=True)
    m49 = models.CharField(max_length=3, unique=True)
    name_en = models.CharField(max_length=200)
    name_fr = models.CharField(max_length=200, blank=True)
    name_es = models.CharField(max_length=200, blank=True)
    name_ru = models.CharField(max_length=200, blank=True)
    name_zh = models.CharField(max_length=200, blank=True)
    name_ar = models.CharField(max_length=200, blank=True)
    formal_en = models.CharField(max_length=300, blank=True)
    formal_fr = models.CharField(max_length=300, blank=True)
    formal_es = models.CharField(max_length=300, blank=True)
    formal_ru = models.CharField(max_length=300, blank=True)
    formal_zh = models.CharField(max_length=300, blank=True)
    formal_ar = models.CharField(max_length=300, blank=True)
    region = models.CharField(max_length=100, blank=True)
    subregion = models.CharField(max_length=100, blank=True)
    intermediate_region = models.CharField(max_length=100, blank=True)
    un_regional_group = models.CharField(max_length=100, blank=True)
    ldc = models.BooleanField(default=False)
    lldc = models.BooleanField(default=False)
    sids = models.BooleanField(default=False)
    eit = models.BooleanField(default=False, help_text="derived rule, not an official list")
    developing = models.BooleanField(default=False)
    groups_as_of = models.CharField(max_length=40, blank=True)
    developing_as_of = models.CharField(max_length=40, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def formal_name(self) -> str:
        return localized(self, "formal") or self.name


class Party(models.Model):
    """A State or a regional economic integration organisation that has joined the Convention."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        REIO = "reio", _("Regional economic integration organisation")

    code = models.CharField(max_length=3, unique=True, help_text="ISO3, or EUU for the EU")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.STATE)
    country = models.OneToOneField(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="party"
    )
    name_en = models.CharField(max_length=200)
    name_fr = models.CharField(max_length=200, blank=True)
    name_es = models.CharField(max_length=200, blank=True)
    name_ru = models.CharField(max_length=200, blank=True)
    name_zh = models.CharField(max_length=200, blank=True)
    name_ar = models.CharField(max_length=200, blank=True)
    instrument = models.CharField(max_length=40, blank=True)
    deposit_date = models.DateField(null=True, blank=True)
    date_status = models.CharField(max_length=40, blank=True)
    entry_into_force = models.DateField(null=True, blank=True)
    eif_basis = models.CharField(max_length=200, blank=True)
    source = models.TextField(blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        if self.country_id:
            return self.country.name  # type: ignore[union-attr]
        return localized(self, "name")

    @property
    def owner_party(self) -> Party:
        return self


class Organisation(models.Model):
    """A regional centre, IGO, GEF agency, partner, NGO, firm, donor or the secretariat."""

    class Kind(models.TextChoices):
        BASEL_CENTRE = "basel_centre", _("Basel Convention regional centre")
        STOCKHOLM_CENTRE = "stockholm_centre", _("Stockholm Convention regional centre")
        BRS_CENTRE = "brs_centre", _("Basel and Stockholm regional centre")
        IGO = "igo", _("Intergovernmental organisation")
        GEF_AGENCY = "gef_agency", _("GEF agency")
        GMP_PARTNER = "gmp_partner", _("Global Mercury Partnership partner")
        NGO = "ngo", _("Non-governmental organisation")
        PRIVATE = "private", _("Private sector")
        ACADEMIC = "academic", _("Academic or research institution")
        DONOR = "donor", _("Donor agency")
        SECRETARIAT = "secretariat", _("Secretariat")

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=300)
    acronym = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    host_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_organisations",
    )
    city = models.CharField(max_length=120, blank=True)
    host_institution = models.CharField(max_length=300, blank=True)
    countries_served = models.ManyToManyField(Country, blank=True, related_name="served_by")
    region_served = models.CharField(max_length=300, blank=True)
    conventions = models.CharField(max_length=100, blank=True, help_text="; separated")
    partnership_areas = models.TextField(blank=True, help_text="; separated")
    url = models.URLField(blank=True)
    iati_ref = models.CharField(
        max_length=100,
        blank=True,
        help_text="IATI organisation identifier (registered org-id prefix + number); only a known one",
    )
    iati_ref_source = models.CharField(
        max_length=300, blank=True, help_text="where the IATI identifier comes from"
    )
    source = models.TextField(blank=True)
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_organisation(self) -> Organisation:
        return self

    @property
    def is_regional_centre(self) -> bool:
        return self.kind in {
            self.Kind.BASEL_CENTRE,
            self.Kind.STOCKHOLM_CENTRE,
            self.Kind.BRS_CENTRE,
        }


class Contact(models.Model):
    """A national focal point or an organisation's contact person."""

    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    is_focal_point = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DatasetInfo(models.Model):
    """Where a loaded reference file came from and how complete it is (shown on list pages)."""

    key = models.CharField(max_length=60, unique=True)
    source = models.TextField()
    as_of = models.CharField(max_length=60)
    complete = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.key
