"""Typed change records: who changed what, when, before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeRecord(models.Model):
    """One change to one record, written by the service layer in the same transaction."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        TRANSITION = "transition", _("moved to another step")
        STATUS = "status", _("status changed")
        SUBMIT = "submit", _("submitted")
        RETURN = "return", _("returned for changes")
        DECIDE = "decide", _("decided")
        MATCH = "match", _("matched")
        IMPORT = "import", _("imported")
        REIMPORT = "reimport", _("imported again")
        PUBLISH = "publish", _("published")
        UNPUBLISH = "unpublish", _("unpublished")
        WITHDRAW = "withdraw", _("withdrawn")
        ATTACH_FILE = "attach_file", _("file attached")
        FEEDBACK = "feedback", _("outcome rated")
        REMIND = "remind", _("reminder sent")
        RESTORE = "restore", _("earlier value restored")
        OTHER = "other", _("other")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, help_text="user name, or 'system' for the CLI")
    action = models.CharField(max_length=20, choices=Action.choices)
    entity = models.CharField(max_length=80, help_text="app_label.model")
    object_id = models.CharField(max_length=80)
    object_repr = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["entity", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.entity}:{self.object_id}"
