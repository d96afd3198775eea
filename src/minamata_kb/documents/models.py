"""Frozen snapshots of a call's confirmed data, and the COP documents built from them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minamata_kb.documents.meetings import AgendaItem, Meeting, MeetingDocument

__all__ = ["AgendaItem", "Document", "Meeting", "MeetingDocument", "Snapshot"]


class Snapshot(models.Model):
    """The data a COP document was built from, frozen and dated (every figure traces here).

    Either a call's data (the note on submissions) or a meeting's (the programme note, which
    holds the call's data too)."""

    call = models.ForeignKey(
        "submissions.Call",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="snapshots",
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="snapshots"
    )
    taken_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField()
    checksum = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the data")

    class Meta:
        ordering = ["-taken_at", "-id"]

    def __str__(self) -> str:
        owner = f"COP-{self.meeting.number}" if self.meeting is not None else self.call_id
        return f"SNAP-{self.pk} {owner} {self.checksum[:12]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk and Snapshot.objects.filter(pk=self.pk).exists():
            raise ValueError("A snapshot is frozen; take a new one.")
        super().save(*args, **kwargs)


class Document(models.Model):
    """One generated file: a note or an annex, in one language and format."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note on submissions")
        ANNEX = "annex", _("Compilation of submissions")
        PROGRAMME_NOTE = "programme_note", _("Programme note")
        NATIONAL_REPORTS = "national_reports", _("Analysis of national reports")
        TECHNOLOGY = "technology", _("Article 14(4) technology review")

    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    meeting_document = models.ForeignKey(
        MeetingDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="editions"
    )
    language = models.CharField(max_length=5)
    format = models.CharField(max_length=5)
    file = models.FileField(upload_to="documents/%Y/", max_length=300)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"DOC-{self.pk} {self.kind} {self.language}.{self.format}"
