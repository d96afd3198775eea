"""Who a user is to the system: secretariat, focal point of one party, editor of one organisation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.Model):
    """A user's role. One role per user keeps the boundary easy to reason about and to test."""

    class Kind(models.TextChoices):
        ADMIN = "admin", _("Secretariat administrator")
        OFFICER = "officer", _("Secretariat officer")
        FOCAL_POINT = "focal_point", _("National focal point")
        ORG_EDITOR = "org_editor", _("Organisation editor")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    party = models.ForeignKey(
        "registry.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roles",
    )
    # The language the user wants mail in (a UI language code); blank: the party's official
    # UN language (see accounts/mail_language.py), else English.
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )

    def clean(self) -> None:
        if self.kind == self.Kind.FOCAL_POINT and (not self.party_id or self.organisation_id):
            raise ValidationError(_("A focal point belongs to exactly one party."))
        if self.kind == self.Kind.ORG_EDITOR and (not self.organisation_id or self.party_id):
            raise ValidationError(_("An organisation editor belongs to exactly one organisation."))
        if self.kind in (self.Kind.ADMIN, self.Kind.OFFICER) and (
            self.party_id or self.organisation_id
        ):
            raise ValidationError(_("Secretariat roles are not tied to a party or organisation."))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_clean()
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.user} ({self.kind})"


class ApiToken(models.Model):
    """A personal token for a machine client, acting with its owner's permissions.

    Only the SHA-256 of the token is stored; the token itself is shown once, at creation.
    `prefix` (the token's first characters, not secret on its own) finds the row in one lookup.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["owner_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_token_per_owner_and_name",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.scope})"
