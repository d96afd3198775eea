"""The convention profile: articles, topics, resource types, channels, statement roles.

Loaded from data files (data/profile/<code>/), never edited in code, so another convention
could be profiled by shipping other files.
"""

from __future__ import annotations

from django.db import models

from minamata_kb.core.languages import localized


class Profile(models.Model):
    """Which profile (and which version of its files) is loaded."""

    code = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    checksum = models.CharField(max_length=64, help_text="SHA-256 over the profile's files")
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.code} {self.version}"


class Named(models.Model):
    """Six-language names shared by every profile entry."""

    name_en = models.CharField(max_length=300)
    name_fr = models.CharField(max_length=300, blank=True)
    name_es = models.CharField(max_length=300, blank=True)
    name_ru = models.CharField(max_length=300, blank=True)
    name_zh = models.CharField(max_length=300, blank=True)
    name_ar = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    keywords = models.TextField(blank=True, help_text="; separated, any language")

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name_en


class Article(Named):
    """An article of the convention (number and title)."""

    number = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Art. {self.number} {self.name_en}"


class Entry(Named):
    """A profile entry known by its slug, listed in the profile's order."""

    slug = models.SlugField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]


class Topic(Entry):
    """A theme used across resources, statements, activities and needs."""

    articles = models.ManyToManyField(Article, blank=True, related_name="topics")


class ResourceType(Entry):
    """A kind of knowledge-base resource (guidance, tool, training...)."""


class Channel(Entry):
    """A delivery channel or funding source of capacity-building."""


class StatementRole(Entry):
    """What a statement says: a need, a challenge, support provided or received..."""
