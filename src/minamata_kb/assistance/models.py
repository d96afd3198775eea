"""A party's request for assistance and its workflow (seed ¶16, ¶20(c))."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Request(models.Model):
    """A request from a party's focal point, moving received -> ... -> closed."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information on requirements, forms and guidance")
        EXPERT_ADVICE = "expert_advice", _("Expert advice")
        PLANNING_MEETING = "planning_meeting", _("Planning meeting")
        IMPLEMENTATION_SUPPORT = "implementation_support", _("Implementation support")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        TRIAGED = "triaged", _("Triaged")
        ASSIGNED = "assigned", _("Assigned")
        ANSWERED = "answered", _("Answered")
        PLANNED = "planned", _("Response plan")
        IN_DELIVERY = "in_delivery", _("In delivery")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    party = models.ForeignKey(
        "registry.Party", verbose_name=_("party"), on_delete=models.PROTECT, related_name="requests"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("request"))
    articles = models.ManyToManyField("taxonomy.Article", blank=True, related_name="requests")
    topics = models.ManyToManyField("taxonomy.Topic", blank=True, related_name="requests")
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filed_requests",
    )
    requester_email = models.EmailField(_("requester e-mail"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_requests",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_activities = models.ManyToManyField(
        "activities.Activity", blank=True, related_name="answered_requests"
    )
    answer_resources = models.JSONField(_("resources (external ids)"), default=list, blank=True)
    plan = models.TextField(_("response plan"), blank=True)
    delivery_activities = models.ManyToManyField(
        "activities.Activity",
        verbose_name=_("activities delivering the response"),
        blank=True,
        related_name="delivered_requests",
    )
    rating = models.PositiveSmallIntegerField(
        _("requester's rating of the outcome (1-5)"), null=True, blank=True
    )
    feedback = models.TextField(_("requester's comment on the outcome"), blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    feedback_at = models.DateTimeField(_("feedback given"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("assistance request")
        verbose_name_plural = _("assistance requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="assistance_request_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"REQ-{self.pk or 0:05d}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:request_detail", args=[self.pk])

    @property
    def owner_party(self) -> Any:
        return self.party

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def answer_resource_links(self) -> list[tuple[str, Any]]:
        """(external id, library resource or None) for each resource of the answer."""
        from minamata_kb.activities.models import resolve_resource

        return [(ref, resolve_resource(ref)) for ref in self.answer_resources]


# Waiting for an answer (the due date is the answer's).
OPEN_STATES = {
    Request.State.RECEIVED,
    Request.State.TRIAGED,
    Request.State.ASSIGNED,
}
# Answered and followed up: a response plan, then its delivery, until closed.
FOLLOW_UP_STATES = {Request.State.PLANNED, Request.State.IN_DELIVERY}
RATINGS = range(1, 6)


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"assistance/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    """A file sent with a request, kept byte for byte with its checksum."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=300)
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class Transition(models.Model):
    """One step of a request's workflow (the history shown on its page)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_state} -> {self.to_state}"

    @property
    def from_label(self) -> str:
        return str(dict(Request.State.choices).get(self.from_state, self.from_state))

    @property
    def to_label(self) -> str:
        return str(dict(Request.State.choices).get(self.to_state, self.to_state))
