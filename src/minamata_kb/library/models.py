"""Knowledge-base resources: one row per language, linked by a translation group; their files."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.filetext import State
from minamata_kb.core.identifiers import IdentifierValidator
from minamata_kb.core.models import Recorded

if TYPE_CHECKING:
    from minamata_kb.registry.models import Organisation


def _new_group() -> str:
    return uuid.uuid4().hex


def route_key(external_id: str) -> str:
    """The URL segment of a resource id.

    New ids are in the identifier alphabet (core/identifiers.py) and go in unchanged. A legacy
    row written before that rule may hold a `/` (or `%`), which no URL pattern can carry: its
    id is percent-encoded into one segment, and `from_route_key` reads it back.
    """
    if "/" in external_id or "%" in external_id:
        return quote(external_id, safe="")
    return external_id


def from_route_key(segment: str) -> str:
    """The external id a URL segment stands for (the inverse of `route_key`)."""
    return unquote(segment) if "%" in segment else segment


class Resource(Recorded):
    """A tool, training, guidance, case study, recording or report, in one language."""

    external_id = models.CharField(
        _("external id"),
        max_length=200,
        unique=True,
        help_text=_("The id kept as imported."),
        validators=[IdentifierValidator(200)],  # the admin's forms check it too
    )
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("body text"), blank=True)
    language = models.CharField(_("language"), max_length=8, db_index=True)
    translation_group = models.CharField(
        _("translation group"), max_length=64, default=_new_group, db_index=True
    )
    type = models.ForeignKey(
        "taxonomy.ResourceType",
        verbose_name=_("type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    type_label = models.CharField(
        _("type as received"), max_length=60, blank=True, help_text=_("When not in the profile.")
    )
    provider = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    provider_name = models.CharField(_("provider as received"), max_length=300, blank=True)
    owner_party = models.ForeignKey(
        "registry.Party",
        verbose_name=_("owner party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    articles = models.ManyToManyField("taxonomy.Article", blank=True, related_name="resources")
    topics = models.ManyToManyField("taxonomy.Topic", blank=True, related_name="resources")
    countries = models.ManyToManyField("registry.Country", blank=True, related_name="resources")
    regions = models.JSONField(_("regions"), default=list, blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["external_id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.title

    @property
    def owner_organisation(self) -> Organisation | None:
        """The provider organisation owns the record (its editors may change it)."""
        return self.provider

    def get_absolute_url(self) -> str:
        return self.url_for(self.external_id)

    @property
    def route_id(self) -> str:
        """The external id as it goes into this resource's URLs (see `route_key`)."""
        return route_key(self.external_id)

    @staticmethod
    def url_for(external_id: str) -> str:
        """The page of the resource with this external id (never fails, even on a legacy id)."""
        try:
            return reverse("library:resource_detail", args=[route_key(external_id)])
        except NoReverseMatch:  # an empty id written by hand: the list, not a 500
            return reverse("library:resource_list")

    def translations(self) -> models.QuerySet[Resource]:
        """The other language versions of this resource."""
        return Resource.objects.filter(translation_group=self.translation_group).exclude(pk=self.pk)

    def full_text(self) -> str:
        """Everything that is searchable: summary, body and the text of its files."""
        parts = [self.summary, self.text]
        parts += [f.extracted_text for f in self.files.all() if f.extracted_text]
        return "\n\n".join(p for p in parts if p)


def _upload_to(instance: ResourceFile, filename: str) -> str:
    return f"library/{instance.sha256[:2]}/{instance.sha256}"


class ResourceFile(models.Model):
    """An uploaded original, kept byte for byte, with its checksum and extracted text."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="files")
    original = models.FileField(upload_to=_upload_to, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10)  # pdf, docx, html, txt
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    extracted_text = models.TextField(blank=True)
    # Reading the original's text happens in a background task (core/filetext.py).
    extraction_state = models.CharField(
        max_length=12, choices=State.choices, default=State.DONE, db_index=True
    )
    extraction_error = models.CharField(max_length=20, blank=True)  # a files.failure_message code
    text_truncated = models.BooleanField(default=False)  # cut at MAX_EXTRACTED_CHARS
    language = models.CharField(max_length=8, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def failure_reason(self) -> str:
        """Why its text could not be read, in the active language ('' unless failed)."""
        from minamata_kb.core.files import failure_message

        return failure_message(self.extraction_error) if self.extraction_error else ""
