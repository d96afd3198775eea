"""Needs, the matches proposed for them, duplicate activity pairs and alternative technologies.

Sources and match targets that live in apps built in parallel (statements, national-report
answers, requests, library resources) are named by kind and id/external id rather than by a
foreign key, so these rows stay valid whichever of those apps is installed or migrated; the
selectors resolve them late.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.models import Recorded


class NeedQuerySet(models.QuerySet["Need"]):
    def not_matched_yet(self) -> NeedQuerySet:
        """Open needs the matcher has not looked at: the secretariat's "not matched yet"
        queue, what "Match the open needs not matched yet" matches, and what the gap page
        leaves out of its unmet needs."""
        return self.filter(status=Need.Status.OPEN, matched_at__isnull=True)


class Need(Recorded):
    """A need of one party, drawn from a statement, a report answer or a request, or typed in."""

    objects = NeedQuerySet.as_manager()

    class Source(models.TextChoices):
        STATEMENT = "statement", _("Statement in a submission")
        ANSWER = "answer", _("National report comment")
        REQUEST = "request", _("Assistance request")
        MANUAL = "manual", _("Entered directly")

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ADDRESSED = "addressed", _("Addressed")
        CLOSED = "closed", _("Closed")

    party = models.ForeignKey(
        "registry.Party", verbose_name=_("party"), on_delete=models.PROTECT, related_name="needs"
    )
    text = models.TextField(_("need"))
    language = models.CharField(_("language"), max_length=8, default="en")
    articles = models.ManyToManyField("taxonomy.Article", blank=True, related_name="needs")
    topics = models.ManyToManyField("taxonomy.Topic", blank=True, related_name="needs")
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    source_kind = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_ref = models.CharField(_("source reference"), max_length=120, blank=True)
    published = models.BooleanField(_("published"), default=False)
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [models.Index(fields=["source_kind", "source_id"], name="need_source_idx")]

    def __str__(self) -> str:
        return f"N-{self.pk}: {self.text[:60]}"

    @property
    def reference(self) -> str:
        return f"N-{self.pk or 0:05d}"

    def get_absolute_url(self) -> str:
        return reverse("matching:need_detail", args=[self.pk])

    @property
    def owner_party(self) -> Any:
        return self.party


class Match(models.Model):
    """A proposed answer to a need, with its score, reasons and the officer's decision."""

    class Kind(models.TextChoices):
        RESOURCE = "resource", _("Resource")
        PROVIDER = "provider", _("Provider")
        ACTIVITY = "activity", _("Example of success")
        TECHNOLOGY = "technology", _("Alternative technology")

    class Decision(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    target_ref = models.CharField(
        _("target"), max_length=200, help_text="external id, slug or code of the target"
    )
    target_label = models.CharField(_("title"), max_length=500, blank=True)
    score = models.FloatField(_("score"), default=0.0)
    rank = models.PositiveSmallIntegerField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=Decision.choices,
        default=Decision.PROPOSED,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Two-sided (issue 13): an organisation's editor offers help on a need; the need's party
    # (its focal point) accepts or declines what is proposed for it.
    offered_by = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("offered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    party_decision = models.CharField(
        _("party's decision"),
        max_length=10,
        blank=True,
        choices=[("accepted", _("Accepted")), ("declined", _("Declined"))],
    )
    party_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    party_decided_at = models.DateTimeField(null=True, blank=True)
    # Each side's words in a field of its own: `note` is the secretariat's (its decision), so
    # an officer's click, or the party's reason, never erases the organisation's offer.
    offer_note = models.TextField(_("message with the offer"), blank=True)
    party_note = models.TextField(_("party's reason"), blank=True)

    class Meta:
        ordering = ["need_id", "kind", "rank", "id"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "kind", "target_ref"], name="match_unique_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.need_id}:{self.kind}:{self.target_ref}"

    @property
    def owner_party(self) -> Any:
        return self.need.party

    @property
    def is_published(self) -> bool:
        return self.need.published

    @property
    def why(self) -> str:
        from minamata_kb.matching.reasons import render

        return render(self.reasons)


class DuplicatePair(models.Model):
    """Two activities that may be the same effort; ``first`` has the lower primary key."""

    class Decision(models.TextChoices):
        OPEN = "open", _("To review")
        DUPLICATE = "duplicate", _("Duplicate")
        DISTINCT = "distinct", _("Not a duplicate")

    first = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="duplicate_pairs_first"
    )
    second = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="duplicate_pairs_second"
    )
    similarity = models.FloatField(_("similarity"), default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.OPEN, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    detected_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-similarity", "id"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="duplicate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id}~{self.second_id}"

    @property
    def why(self) -> str:
        from minamata_kb.matching.reasons import render

        return render(self.reasons)


class Technology(models.Model):
    """An alternative to a mercury use (Article 14(3)), with providers and case studies."""

    class Sector(models.TextChoices):
        MINING = "mining", _("Artisanal and small-scale gold mining")
        HEALTH = "health", _("Health care")
        DENTAL = "dental", _("Dentistry")
        INDUSTRY = "industry", _("Industrial processes")
        ENERGY = "energy", _("Energy and combustion")
        PRODUCTS = "products", _("Products")
        WASTE = "waste", _("Waste and storage")
        MONITORING = "monitoring", _("Monitoring and analysis")

    class Maturity(models.TextChoices):
        RESEARCH = "research", _("Research")
        PILOT = "pilot", _("Pilot")
        DEMONSTRATED = "demonstrated", _("Demonstrated")
        COMMERCIAL = "commercial", _("Commercially available")
        WIDESPREAD = "widespread", _("Widely used")

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    replaces = models.CharField(_("mercury use replaced"), max_length=300)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    maturity = models.CharField(_("maturity"), max_length=12, choices=Maturity.choices)
    topics = models.ManyToManyField("taxonomy.Topic", blank=True, related_name="technologies")
    articles = models.ManyToManyField("taxonomy.Article", blank=True, related_name="technologies")
    providers = models.ManyToManyField(
        "registry.Organisation", blank=True, related_name="technologies"
    )
    case_studies = models.JSONField(
        _("case-study resources (external ids)"), default=list, blank=True
    )
    # The catalogue (matching/catalogue.py): name, description and replaces above are English;
    # the other five UN languages beside them. Editors of `organisation` maintain the entry.
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    replaces_fr = models.CharField(_("mercury use replaced (French)"), max_length=300, blank=True)
    replaces_es = models.CharField(_("mercury use replaced (Spanish)"), max_length=300, blank=True)
    replaces_ru = models.CharField(_("mercury use replaced (Russian)"), max_length=300, blank=True)
    replaces_zh = models.CharField(_("mercury use replaced (Chinese)"), max_length=300, blank=True)
    replaces_ar = models.CharField(_("mercury use replaced (Arabic)"), max_length=300, blank=True)
    cost_notes = models.TextField(_("cost notes"), blank=True)
    countries = models.ManyToManyField(
        "registry.Country",
        verbose_name=_("countries where applied"),
        blank=True,
        related_name="technologies",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("maintained by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="maintained_technologies",
    )
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sector", "name"]
        verbose_name = _("alternative technology")
        verbose_name_plural = _("alternative technologies")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("matching:technology_detail", args=[self.slug])

    @property
    def owner_organisation(self) -> Any:
        """Editors of the maintaining organisation may change the entry (officers all)."""
        return self.organisation

    def texts(self, field: str) -> dict[str, str]:
        """A catalogue field (`name`, `description`, `replaces`) by language, only those written;
        English is the model's own field."""
        out = {"en": str(getattr(self, field) or "").strip()}
        for lang in ("fr", "es", "ru", "zh", "ar"):
            out[lang] = str(getattr(self, f"{field}_{lang}") or "").strip()
        return {lang: text for lang, text in out.items() if text}

    def text_in(self, field: str, lang: str) -> tuple[str, str]:
        """(text, the language it is in): the field in `lang`, else in English ("" when none)."""
        texts = self.texts(field)
        if texts.get(lang):
            return texts[lang], lang
        return texts.get("en", ""), "en"
