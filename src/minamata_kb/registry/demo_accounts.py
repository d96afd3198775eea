"""Demo accounts, one per role (passwords are printed; for the local demo only).

Here, not in accounts: the focal points and editors are of the registry's parties and
organisations, and accounts sits below the registry (pyproject.toml, import contract). Loaded by
registry/demo.py after the contacts, where accounts/demo.py ran before."""

from __future__ import annotations

from typing import TextIO

from minamata_kb.accounts.models import Role
from minamata_kb.accounts.services import ensure_user
from minamata_kb.registry.models import Organisation, Party

DEMO_PASSWORD = "demo-minamata-2026"
ACCOUNTS = [
    ("admin", Role.Kind.ADMIN, None, None),
    ("officer", Role.Kind.OFFICER, None, None),
    ("fp-ghana", Role.Kind.FOCAL_POINT, "GHA", None),
    ("fp-mexico", Role.Kind.FOCAL_POINT, "MEX", None),
    ("fp-china", Role.Kind.FOCAL_POINT, "CHN", None),
    ("editor-bcrc-china", Role.Kind.ORG_EDITOR, None, "bcrc-china"),
    ("editor-unitar", Role.Kind.ORG_EDITOR, None, "unitar"),
]


def load(stdout: TextIO) -> None:
    """Create the demo accounts if missing."""
    for username, kind, party_code, org_slug in ACCOUNTS:
        party = Party.objects.filter(code=party_code).first() if party_code else None
        org = Organisation.objects.filter(slug=org_slug).first() if org_slug else None
        if (party_code and party is None) or (org_slug and org is None):
            continue
        ensure_user(
            username,
            DEMO_PASSWORD,
            kind,
            party=party,
            organisation=org,
            email=f"{username}@example.org",
        )
    stdout.write(f"demo accounts: {', '.join(a[0] for a in ACCOUNTS)} (password {DEMO_PASSWORD})\n")
