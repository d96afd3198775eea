"""Data and invariants of the core app: abstract bases the apps' models share."""

from django.conf import settings
from django.db import models


class Recorded(models.Model):
    """When a record was created and last changed, and who created it (None: the system)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
