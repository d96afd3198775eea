"""Demo focal-point contacts (fictional people, example.org addresses)."""

from __future__ import annotations

from typing import TextIO

from minamata_kb.registry import demo_accounts
from minamata_kb.registry.models import Contact, Organisation, Party

CONTACTS = [
    ("GHA", None, "Ama Owusu", "Director, Chemicals Control and Management Centre (fictional)"),
    ("MEX", None, "Lucía Hernández", "Head of Hazardous Substances Unit (fictional)"),
    ("CHN", None, "Wang Lin", "Division of Chemicals Management (fictional)"),
    (None, "bcrc-china", "Zhao Min", "Programme officer (fictional)"),
    (None, "unitar", "Élodie Martin", "Training coordinator (fictional)"),
]


def load(stdout: TextIO) -> None:
    """Create the demo contacts if missing."""
    made = 0
    for party_code, org_slug, name, title in CONTACTS:
        party = Party.objects.filter(code=party_code).first() if party_code else None
        org = Organisation.objects.filter(slug=org_slug).first() if org_slug else None
        if party is None and org is None:
            continue
        email = name.lower().replace(" ", ".").replace("é", "e").replace("í", "i") + "@example.org"
        _, created = Contact.objects.get_or_create(
            name=name,
            party=party,
            organisation=org,
            defaults={"title": title, "email": email, "is_focal_point": party is not None},
        )
        made += created
    stdout.write(f"registry demo: {made} contacts created\n")
    demo_accounts.load(stdout)
