"""`minamata-kb token create|list|revoke --user U [--name N] [--scope read|write]` (admins)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from minamata_kb.accounts import tokens
from minamata_kb.accounts.models import ApiToken


class Command(BaseCommand):
    help = (
        "Personal API tokens: `create` prints the token once (only its hash is kept), `list` "
        "shows a user's tokens, `revoke` ends one by name."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("--user", required=True, help="the owner's username")
        parser.add_argument("--name", help="the token's name (create, revoke)")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default="read")
        parser.add_argument(
            "--expires", help="last day the token works, YYYY-MM-DD (create; default: never)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user named {options['user']!r}")
        action, name = options["action"], options.get("name")
        if action in ("create", "revoke") and not name:
            raise CommandError(f"{action} needs --name")
        if action == "create":
            expires_at = None
            if options.get("expires"):
                try:
                    day = datetime.date.fromisoformat(options["expires"])
                except ValueError:
                    raise CommandError(
                        f"--expires {options['expires']!r} is not a date (YYYY-MM-DD)"
                    ) from None
                expires_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
            try:
                token, raw = tokens.create_token(
                    user, user, str(name), options["scope"], expires_at
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stderr.write(
                f"token {token.name!r} ({token.scope}) for {user.username}; it is shown only now:"
            )
            self.stdout.write(raw)
        elif action == "list":
            now = timezone.now()
            for t in tokens.live_tokens(user):
                state = (
                    "revoked"
                    if t.revoked_at
                    else ("expired" if not tokens.is_usable(t, now) else "active")
                )
                used = t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else "never"
                self.stdout.write(
                    f"{t.name}\t{t.scope}\tmkb_{t.prefix}…\t{state}\t"
                    f"created {t.created_at.isoformat(timespec='seconds')}\tlast used {used}"
                )
        else:
            live = ApiToken.objects.filter(owner=user, name=name, revoked_at__isnull=True).first()
            if live is None:
                raise CommandError(f"{user.username} has no active token named {name!r}")
            tokens.revoke_token(user, live)
            self.stdout.write(f"revoked {live.name!r} of {user.username}")
