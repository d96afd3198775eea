"""Activities, events with participation, and the work programme (seed ¶13-17, ¶20).

Outputs and event materials point at knowledge-base resources by their *external id* (a
string), not by a foreign key: the library app is built in parallel, and a string link keeps
these rows valid whether or not that resource exists yet. `resource` resolves it late.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.models import Recorded


def resolve_resource(external_id: str) -> Any:
    """The published library resource with this external id, or None (also when no library
    exists). Outputs, materials and answers are shown on public pages: a link there must not
    reveal the title of a draft (its reference stays, as text)."""
    if not external_id:
        return None
    try:
        model = apps.get_model("library", "Resource")
    except LookupError:
        return None
    try:
        return model._default_manager.filter(external_id=external_id, published=True).first()
    except Exception:  # the library table may not be migrated yet
        return None


class Activity(Recorded):
    """Capacity-building or technical assistance delivered or planned."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.SlugField(
        _("identifier"), max_length=80, unique=True, help_text=_("Stable id used in URLs.")
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language of the text"), max_length=8, default="en")
    provider_party = models.ForeignKey(
        "registry.Party",
        verbose_name=_("provider (party)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provided_activities",
    )
    provider_organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("provider (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provided_activities",
    )
    executing_partners = models.ManyToManyField(
        "registry.Organisation", blank=True, related_name="executed_activities"
    )
    channel = models.ForeignKey(
        "taxonomy.Channel",
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    funding_source = models.ForeignKey(
        "taxonomy.Channel",
        verbose_name=_("funding source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_activities",
    )
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    beneficiary_countries = models.ManyToManyField(
        "registry.Country", blank=True, related_name="benefiting_activities"
    )
    articles = models.ManyToManyField("taxonomy.Article", blank=True, related_name="activities")
    topics = models.ManyToManyField("taxonomy.Topic", blank=True, related_name="activities")
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    published = models.BooleanField(_("published"), default=True)
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_detail", args=[self.code])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end is before the start.")})
        if self.provider_party_id and self.provider_organisation_id:
            raise ValidationError(_("An activity has one provider: a party or an organisation."))

    @property
    def provider(self) -> Any:
        """The party or organisation that provides the activity."""
        return self.provider_party or self.provider_organisation

    @property
    def owner_party(self) -> Any:
        return self.provider_party

    @property
    def owner_organisation(self) -> Any:
        return self.provider_organisation


class ResourceLink(models.Model):
    """A knowledge-base resource named by its external id (resolved late), or a URL, with a
    title: what an activity produced, or a material of an event."""

    resource_ref = models.CharField(_("resource id"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title or self.resource_ref or self.url

    @property
    def resource(self) -> Any:
        return resolve_resource(self.resource_ref)


class ActivityOutput(ResourceLink):
    """A product of an activity, usually a knowledge-base resource named by its external id."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="outputs")


class Result(models.Model):
    """A result indicator of an activity: baseline, target and actual value."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="results")
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    target = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.indicator


class Event(models.Model):
    """A workshop, training, webinar or meeting, with who took part."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training")
        WEBINAR = "webinar", _("Webinar")
        PLANNING_MEETING = "planning_meeting", _("Planning meeting")
        SUPPORT_MEETING = "support_meeting", _("Implementation-support meeting")
        OTHER = "other", _("Other meeting")

    code = models.SlugField(_("identifier"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    series = models.CharField(_("series"), max_length=120, blank=True)
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    date_text = models.CharField(_("date as given by the source"), max_length=120, blank=True)
    online = models.BooleanField(_("online"), default=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    country = models.ForeignKey(
        "registry.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    languages = models.CharField(_("languages"), max_length=60, blank=True, help_text="en;fr")
    organiser = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    co_organisers = models.ManyToManyField(
        "registry.Organisation", blank=True, related_name="co_organised_events"
    )
    topics = models.ManyToManyField("taxonomy.Topic", blank=True, related_name="events")
    participants_reported = models.PositiveIntegerField(
        _("participants reported by the source"), null=True, blank=True
    )
    published = models.BooleanField(_("published"), default=True)
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Undated sessions last on SQLite and PostgreSQL alike.
        ordering = [models.F("start_date").desc(nulls_last=True), "code"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:event_detail", args=[self.code])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end is before the start.")})

    @property
    def owner_organisation(self) -> Any:
        return self.organiser

    @property
    def owner_party(self) -> Any:
        return self.activity.provider_party if self.activity_id else None  # type: ignore[union-attr]


class Participation(models.Model):
    """How many people from one country took part in an event, by gender."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participation")
    country = models.ForeignKey(
        "registry.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    women = models.PositiveIntegerField(default=0)
    men = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(_("other or not stated"), default=0)

    class Meta:
        ordering = ["event", "country__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["event", "country"], name="one_row_per_event_country")
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.country_id}"

    @property
    def total(self) -> int:
        return self.women + self.men + self.other


class EventMaterial(ResourceLink):
    """A recording, presentation or other material of an event (a resource, by external id)."""

    class Kind(models.TextChoices):
        RECORDING = "recording", _("Recording")
        PRESENTATION = "presentation", _("Presentation")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(max_length=20, choices=Kind.choices)


class WorkProgrammeItem(models.Model):
    """One planned line of the secretariat's CB/TA work programme (seed ¶20 (a)-(d))."""

    biennium = models.CharField(_("biennium"), max_length=9, help_text="2022-2023")
    code = models.CharField(_("item"), max_length=12, help_text="a.i, b.iii, ...")
    group = models.CharField(_("group"), max_length=1)
    title = models.CharField(_("title"), max_length=500)
    planned_deliveries = models.PositiveIntegerField(_("planned deliveries"), default=0)
    activities = models.ManyToManyField(Activity, blank=True, related_name="work_programme_items")
    events = models.ManyToManyField(Event, blank=True, related_name="work_programme_items")
    source = models.TextField(_("source"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["biennium", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["biennium", "code"], name="one_item_per_biennium")
        ]

    def __str__(self) -> str:
        return f"{self.biennium} ¶20({self.group}) {self.code}"

    @property
    def paragraph(self) -> str:
        group, _sep, roman = self.code.partition(".")
        return f"20({group})({roman})" if roman else f"20({group})"


class BudgetLine(models.Model):
    """Money planned for a work-programme item, by source of funds."""

    class Source(models.TextChoices):
        SPECIAL_TRUST_FUND = "special_trust_fund", _("Special Trust Fund")
        VOLUNTARY = "voluntary", _("Voluntary resources")

    item = models.ForeignKey(WorkProgrammeItem, on_delete=models.CASCADE, related_name="budget")
    source = models.CharField(max_length=20, choices=Source.choices)
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["item", "source"]

    def __str__(self) -> str:
        return f"{self.item} {self.source} {self.amount} {self.currency}"
