"""Passages, their vectors, the index version and the query log.

The full-text index itself is a database-specific table created by migration 0002 (an FTS5
virtual table on SQLite, a tsvector table with a GIN index on PostgreSQL); see fts.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Passage(models.Model):
    """A chunk of a resource's text, indexed for full-text and vectors."""

    resource = models.ForeignKey(
        "library.Resource", on_delete=models.CASCADE, related_name="passages"
    )
    ordinal = models.PositiveIntegerField()
    text = models.TextField()
    language = models.CharField(max_length=8)

    class Meta:
        ordering = ["resource_id", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "ordinal"], name="passage_unique_ordinal")
        ]

    def __str__(self) -> str:
        return f"{self.resource_id}#{self.ordinal}"


class PassageVector(models.Model):
    """One embedder's float32 vector of a passage (stored as bytes)."""

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="vectors")
    model = models.CharField(max_length=40)
    dim = models.PositiveSmallIntegerField()
    vector = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["passage", "model"], name="passage_vector_unique")
        ]
        indexes = [models.Index(fields=["model"])]

    def __str__(self) -> str:
        return f"{self.passage_id}/{self.model}"


class IndexState(models.Model):
    """A counter bumped on every index change; search processes reload when it moves."""

    key = models.CharField(max_length=40, unique=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.version}"


class QueryLog(models.Model):
    """Every search asked, kept as a demand signal (zero results, no clicks)."""

    query = models.CharField(_("query"), max_length=1000)
    language = models.CharField(max_length=8, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    results = models.PositiveIntegerField(default=0)
    took_ms = models.FloatField(default=0)
    source = models.CharField(max_length=10, default="web")  # web, api, cli
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clicks = models.PositiveIntegerField(default=0)
    first_click = models.ForeignKey(
        "library.Resource", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.query[:80]
