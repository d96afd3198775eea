"""Article 21 reporting: the format as data, reporting cycles, national reports and answers.

Visibility rule (decided here, enforced by `selectors.visible_reports`): a report is public
only when it is submitted *and* published by the secretariat; the focal points of its party
see and edit their own drafts, and read their own submitted reports; officers see everything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.languages import localized

ANSWER_LABELS = {
    "yes": _("Yes"),
    "no": _("No"),
    "partly": _("Partly"),
    "not_applicable": _("Not applicable"),
}


class ReportingFormat(models.Model):
    """One version of the reporting format (MC-1/8 and later amendments)."""

    version = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=300)
    decision = models.CharField(max_length=40, blank=True)
    adopted = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        help_text="the version this one succeeds (its questions' `replaces` point into it)",
    )

    class Meta:
        ordering = ["version"]

    def __str__(self) -> str:
        return self.version


class Part(models.Model):
    """A part (A-E) of a format with its title in six languages."""

    format = models.ForeignKey(ReportingFormat, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(max_length=4)
    title_en = models.CharField(max_length=300)
    title_fr = models.CharField(max_length=300, blank=True)
    title_es = models.CharField(max_length=300, blank=True)
    title_ru = models.CharField(max_length=300, blank=True)
    title_zh = models.CharField(max_length=300, blank=True)
    title_ar = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["format", "code"]
        constraints = [
            models.UniqueConstraint(fields=["format", "code"], name="nr_part_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.format.version} {self.code}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class Question(models.Model):
    """A question of a format: part, number, article, text, answer type, short-report flag.

    A sub-question has a `parent` (a question of the same version) and applies only when the
    parent's answer is one of `shown_when` ("if yes, ..."); `conditions.applicable` decides.
    `replaces` is the question of the previous version whose answers carry over to this one.
    """

    class AnswerType(models.TextChoices):
        YES_NO = "yes_no", _("Yes or no")
        YES_NO_PARTLY = "yes_no_partly", _("Yes, no or partly")
        CHOICE = "choice", _("Choice from a list")
        NUMBER = "number", _("Number")
        TEXT = "text", _("Free text")

    format = models.ForeignKey(ReportingFormat, on_delete=models.CASCADE, related_name="questions")
    part = models.CharField(max_length=4)
    number = models.PositiveSmallIntegerField()
    article = models.PositiveSmallIntegerField(null=True, blank=True)
    short_report = models.BooleanField(default=False, help_text="asterisked: in the short report")
    answer_type = models.CharField(max_length=16, choices=AnswerType.choices)
    choices = models.JSONField(default=list, blank=True, help_text="codes, for choice questions")
    gap_answers = models.JSONField(
        default=list, blank=True, help_text="answers that point to a gap where support may help"
    )
    text_en = models.TextField()
    text_fr = models.TextField(blank=True)
    text_es = models.TextField(blank=True)
    text_ru = models.TextField(blank=True)
    text_zh = models.TextField(blank=True)
    text_ar = models.TextField(blank=True)
    paraphrase = models.BooleanField(default=True, help_text="text written here, not official")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    shown_when = models.JSONField(
        default=list, blank=True, help_text="parent answer codes that open this question"
    )
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successors"
    )

    class Meta:
        ordering = ["format", "number"]
        constraints = [
            models.UniqueConstraint(fields=["format", "number"], name="nr_question_unique"),
        ]

    def __str__(self) -> str:
        return f"Q{self.number}"

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def allowed(self) -> list[str]:
        """Answer codes this question accepts (empty: any number or text)."""
        return allowed_codes(self.answer_type, self.choices)


def allowed_codes(answer_type: str, choices: list[str]) -> list[str]:
    """Answer codes of an answer type (empty: any number or text)."""
    if answer_type == Question.AnswerType.YES_NO:
        return ["yes", "no"]
    if answer_type == Question.AnswerType.YES_NO_PARTLY:
        return ["yes", "no", "partly"]
    if answer_type == Question.AnswerType.CHOICE:
        return list(choices)
    return []


class Cycle(models.Model):
    """A reporting cycle: short (asterisked questions) or full, with period and deadline."""

    class Kind(models.TextChoices):
        SHORT = "short", _("Short report")
        FULL = "full", _("Full report")

    code = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    format = models.ForeignKey(ReportingFormat, on_delete=models.PROTECT, related_name="cycles")
    title = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    deadline = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["deadline", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """The cycle's name in the active language (the `title` column is English data)."""
        return gettext("%(kind)s due %(date)s") % {
            "kind": self.get_kind_display(),
            "date": self.deadline.isoformat(),
        }

    def questions(self) -> models.QuerySet[Question]:
        """The questions a report of this cycle answers."""
        qs = self.format.questions.select_related("parent")
        return qs.filter(short_report=True) if self.kind == self.Kind.SHORT else qs

    def includes_party(self, party: object) -> bool:
        """A party reports in a cycle if it was a party before the period ended."""
        eif = getattr(party, "entry_into_force", None)
        return eif is None or eif <= self.period_end


class NationalReport(models.Model):
    """A party's report for one cycle."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    party = models.ForeignKey(
        "registry.Party", on_delete=models.PROTECT, related_name="national_reports"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=20, default="form", help_text="form or import")
    answered_format = models.ForeignKey(
        ReportingFormat,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the format version the party answered (kept when answers are mapped on)",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle__deadline", "party__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["party", "cycle"], name="nr_report_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.party.code} {self.cycle.code}"

    @property
    def owner_party(self) -> object:
        return self.party

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.SUBMITTED and self.published

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Answer(models.Model):
    """A party's answer to one question, with its comment."""

    report = models.ForeignKey(NationalReport, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True, help_text="free-text answer")
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "question__number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "question"], name="nr_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report} Q{self.question.number}"

    @property
    def display(self) -> str:
        """The answer as shown to people (choice labels translated)."""
        if self.value in ANSWER_LABELS:
            return str(ANSWER_LABELS[self.value])
        return self.value or self.text
