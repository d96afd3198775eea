"""Calls for information, submissions (immutable originals, versions) and their statements."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.filetext import State

# Fields of a submission that are the original as received: never changed after creation.
IMMUTABLE_FIELDS = (
    "call_id",
    "party_id",
    "organisation_id",
    "original",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "text",
    "parts",
    "received_at",
    "version",
    "replaces_id",
)


class Call(models.Model):
    """A request for information sent to parties and others (seed ¶6)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Addressee(models.TextChoices):
        PARTIES = "parties", _("Parties (national focal points)")
        REGIONAL_CENTRES = "regional_centres", _("Regional centres")
        PARTNERS = "partners", _("Partners")
        MISSIONS = "missions", _("Permanent missions")

    decision = models.CharField(_("decision"), max_length=40, help_text="e.g. MC-3/8")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    reminder_dates = models.JSONField(_("reminder dates"), default=list, blank=True)
    reminders_sent = models.JSONField(default=list, blank=True)
    addressees = models.JSONField(_("addressees"), default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    issued_at = models.DateTimeField(null=True, blank=True)
    meeting = models.CharField(
        _("meeting"), max_length=120, blank=True, help_text="e.g. fourth meeting of the COP"
    )
    note_symbol = models.CharField(_("note symbol"), max_length=60, blank=True)
    annex_symbol = models.CharField(_("annex symbol"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return f"{self.decision} {self.title}"

    @property
    def is_published(self) -> bool:
        return self.status != self.Status.DRAFT

    def is_late(self, when: Any = None) -> bool:
        """Whether a submission received at `when` is after the deadline."""
        when = when or timezone.now()
        return bool(timezone.localdate(when) > self.deadline)

    def clean(self) -> None:
        unknown = set(self.addressees or []) - set(self.Addressee.values)
        if unknown:
            raise ValidationError({"addressees": _("Unknown addressee group.")})
        if self.letter_date and self.deadline and self.deadline < self.letter_date:
            raise ValidationError({"deadline": _("The deadline is before the letter date.")})


class Submission(models.Model):
    """What one party or organisation sent for a call; the original is kept byte for byte."""

    class Via(models.TextChoices):
        FORM = "form", _("Web form")
        UPLOAD = "upload", _("Upload")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="submissions")
    party = models.ForeignKey(
        "registry.Party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
        help_text="the organisation submitting, or whose activities a host party reports",
    )
    title = models.CharField(max_length=300, blank=True)
    via = models.CharField(max_length=10, choices=Via.choices)
    original = models.FileField(upload_to="submissions/%Y/", max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    language = models.CharField(max_length=5, blank=True)
    text = models.TextField(blank=True, help_text="text extracted from the original")
    # Reading the original's text happens in a background task (core/filetext.py).
    extraction_state = models.CharField(
        max_length=12, choices=State.choices, default=State.DONE, db_index=True
    )
    extraction_error = models.CharField(max_length=20, blank=True)  # a files.failure_message code
    text_truncated = models.BooleanField(default=False)  # cut at MAX_EXTRACTED_CHARS
    parts = models.JSONField(default=list, blank=True, help_text="structured web-form parts")
    received_at = models.DateTimeField(default=timezone.now)
    late = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    is_current = models.BooleanField(default=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(party__isnull=False) | models.Q(organisation__isnull=False),
                name="submission_has_submitter",
            )
        ]

    def __str__(self) -> str:
        return f"S-{self.pk} {self.submitter_name} v{self.version}"

    @property
    def submitter_name(self) -> str:
        if self.party_id:
            return str(self.party.name)  # type: ignore[union-attr]
        return str(self.organisation.name) if self.organisation_id else ""  # type: ignore[union-attr]

    @property
    def owner_party(self) -> Any:
        return self.party

    @property
    def owner_organisation(self) -> Any:
        return self.organisation

    @property
    def is_published(self) -> bool:
        # Submissions are public once the call is (the COP reproduces them as received).
        return self.status == self.Status.RECEIVED and self.call.is_published

    @property
    def counts(self) -> bool:
        """Whether its statements count (the call's results, the COP documents, the needs
        drawn from them): received, not withdrawn, and current, not replaced by a new version.
        The same rule as a query: ``selectors.counted_submissions``."""
        return self.status == self.Status.RECEIVED and self.is_current

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            old = Submission.objects.filter(pk=self.pk).values(*IMMUTABLE_FIELDS).first()
            if old is not None:
                changed = [f for f in IMMUTABLE_FIELDS if old[f] != _value(self, f)]
                if changed:
                    raise ValidationError(
                        f"The original of a submission never changes (tried: {', '.join(changed)})."
                    )
        super().save(*args, **kwargs)


def _value(obj: models.Model, field: str) -> Any:
    value = getattr(obj, field)
    return value.name if hasattr(value, "name") and field == "original" else value


class Statement(models.Model):
    """One claim in a submission: proposed by the classifier, counted once confirmed."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        CLASSIFIER = "classifier", _("Classifier")
        FORM = "form", _("Web form")
        OFFICER = "officer", _("Officer")

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="statements")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    role = models.CharField(max_length=60, help_text="a statement role slug of the profile")
    articles = models.ManyToManyField("taxonomy.Article", blank=True, related_name="statements")
    topics = models.ManyToManyField("taxonomy.Topic", blank=True, related_name="statements")
    countries = models.ManyToManyField("registry.Country", blank=True, related_name="statements")
    channel = models.ForeignKey(
        "taxonomy.Channel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.CLASSIFIER)
    proposal = models.JSONField(default=dict, blank=True, help_text="what the classifier said")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission_id", "position", "id"]

    def __str__(self) -> str:
        return f"ST-{self.pk} {self.role}"

    @property
    def owner_party(self) -> Any:
        return self.submission.party

    @property
    def owner_organisation(self) -> Any:
        return self.submission.organisation

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.CONFIRMED and self.submission.is_published

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("An amount cannot be negative.")})
        if self.amount is not None and not self.currency:
            raise ValidationError({"currency": _("Give the currency of the amount.")})


class ReminderSent(models.Model):
    """The send log of reminders: one row per recipient and reminder date of a call.

    Written after the mail went out, so the log says only what was sent; documents report
    reminders from it alone (a planned reminder date is not a reminder sent).
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reminder_log")
    reminder_date = models.DateField(_("reminder date"))
    email = models.EmailField(_("e-mail"))
    party = models.ForeignKey(
        "registry.Party", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["call", "reminder_date", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "reminder_date", "email"],
                name="one_reminder_per_recipient_and_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.reminder_date} {self.email}"
