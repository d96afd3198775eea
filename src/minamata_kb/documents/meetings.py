"""A COP meeting as a record: the meeting, its agenda items and its documents.

Text that appears in the documents (the meeting's name and venue, agenda item titles, document
titles, the draft of the suggested action) is held in the six UN languages as a JSON object
{"en": ..., "fr": ..., ...}; an edition whose text is missing in its language is refused
(see `missing_translations`).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.languages import CONTENT_LANGUAGES

# UNEP/MC/COP.4/14, UNEP/MC/COP.4/INF/23 (an optional /Add.1 or /Rev.1 for addenda/revisions).
SYMBOL_RE = re.compile(
    r"^UNEP/MC/COP\.(?P<meeting>[1-9]\d*)/(?P<inf>INF/)?[1-9]\d*(/(Add|Rev)\.[1-9]\d*)?$"
)

# How the draft of the suggested action cites another document of the meeting: [annex], ...
CITATION_RE = re.compile(r"\[(?P<kind>[a-z_]+)\]")


def validate_texts(value: Any) -> None:
    """A six-language text: an object whose keys are UN language codes and values strings."""
    if not isinstance(value, dict):
        raise ValidationError(gettext("Expected an object of texts by language."))
    bad = [k for k, v in value.items() if k not in CONTENT_LANGUAGES or not isinstance(v, str)]
    if bad:
        raise ValidationError(
            gettext("Unknown language or non-text value: %(keys)s") % {"keys": ", ".join(bad)}
        )


def validate_symbol(value: str) -> None:
    """UNEP/MC/COP.N/NN or UNEP/MC/COP.N/INF/NN."""
    if not SYMBOL_RE.match(value or ""):
        raise ValidationError(
            gettext(
                "%(symbol)s is not a COP document symbol (UNEP/MC/COP.N/NN or UNEP/MC/COP.N/INF/NN)."
            )
            % {"symbol": value or "''"}
        )


class MissingTranslations(ValueError):
    """Record text an edition needs is not written in its language."""

    def __init__(self, lang: str, missing: list[str]) -> None:
        self.lang = lang
        self.missing = missing
        super().__init__(
            f"the {lang} edition cannot be built: record text not translated into {lang}: "
            + "; ".join(missing)
            + " (translate it, or build with --draft to see it marked)"
        )


def record_text(texts: dict[str, str] | None, lang: str, what: str, missing: list[str]) -> str:
    """Record text in `lang`; when it is not written, `what` is added to `missing` and the
    English text is returned marked [[lang? ...]] (what a draft shows)."""
    value = ((texts or {}).get(lang) or "").strip()
    if value:
        return value
    missing.append(what)
    fallback = ((texts or {}).get("en") or "").strip() or "…"
    return f"[[{lang}? {fallback}]]"


class Meeting(models.Model):
    """A meeting of the Conference of the Parties."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.JSONField(_("name"), default=dict, validators=[validate_texts])
    venue = models.JSONField(_("venue"), default=dict, blank=True, validators=[validate_texts])
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    period_start = models.DateField(
        _("reporting period from"), null=True, blank=True,
        help_text=_("The intersessional period the secretariat's notes report on."),
    )  # fmt: skip
    period_end = models.DateField(_("reporting period to"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"COP-{self.number}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": gettext("The meeting ends before it starts.")})
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": gettext("The period ends before it starts.")})


class AgendaItem(models.Model):
    """An item of a meeting's agenda, e.g. 4 (f)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(_("number"), max_length=20, help_text="4 (f)")
    title = models.JSONField(_("title"), default=dict, validators=[validate_texts])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_unique")
        ]

    def __str__(self) -> str:
        return f"COP-{self.meeting.number} item {self.number}"


class MeetingDocument(models.Model):
    """A document of a meeting, identified by its symbol."""

    class Kind(models.TextChoices):
        PROGRAMME_NOTE = (
            "programme_note",
            _("Programme note (capacity-building and technical assistance)"),
        )
        SUBMISSIONS_NOTE = "submissions_note", _("Note on submissions")
        ANNEX = "annex", _("Compilation of submissions")
        NATIONAL_REPORTS = "national_reports", _("National reports analysis")
        TECHNOLOGY = "technology", _("Technology review")
        WORK_PROGRAMME = "work_programme", _("Work programme and budget")
        ORGANISATIONS = "organisations", _("Reports of organisations")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    symbol = models.CharField(_("symbol"), max_length=60, unique=True, validators=[validate_symbol])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    original_language = models.CharField(
        _("original language"),
        max_length=2,
        default="en",
        choices=[(c, c) for c in CONTENT_LANGUAGES],
    )
    title = models.JSONField(_("title"), default=dict, validators=[validate_texts])
    action = models.JSONField(
        _("draft suggested action"), default=dict, blank=True, validators=[validate_texts],
        help_text=_("Cite other documents of the meeting by kind in brackets, e.g. [annex]."),
    )  # fmt: skip
    call = models.ForeignKey(
        "submissions.Call", null=True, blank=True, on_delete=models.PROTECT,
        related_name="meeting_documents", verbose_name=_("call for information reported on"),
    )  # fmt: skip
    list_parties_under_needs = models.BooleanField(
        _("name the parties under needs and challenges"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "symbol"]

    def __str__(self) -> str:
        return self.symbol

    def clean(self) -> None:
        m = SYMBOL_RE.match(self.symbol or "")
        if m and self.meeting_id and int(m["meeting"]) != self.meeting.number:
            raise ValidationError(
                {"symbol": gettext("The symbol names COP.%(n)s but the meeting is COP-%(m)s.")
                 % {"n": m["meeting"], "m": self.meeting.number}}
            )  # fmt: skip
        if self.agenda_item is not None and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError(
                {"agenda_item": gettext("The agenda item is of another meeting.")}
            )
        kinds = set(self.Kind.values)
        unknown = sorted(
            {m["kind"] for t in (self.action or {}).values() for m in CITATION_RE.finditer(t)}
            - kinds
        )
        if unknown:
            raise ValidationError(
                {"action": gettext("Unknown document kinds cited: %(kinds)s") % {"kinds": ", ".join(unknown)}}
            )  # fmt: skip

    @property
    def is_information(self) -> bool:
        return "/INF/" in self.symbol
