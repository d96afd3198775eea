"""Hooks by which each app adds to shared pages without the shared pages knowing the app.

`app_modules(name)` imports `<app>.<name>` for every project app that has one; `init`
(`refdata`), `demo` (`demo`), the root URLconf (`urls`) and the API router (`api`) use it too.

- `<app>/party_profile.py` defines `section(request, party) -> dict | None` returning
  `{"title": str, "template": str, "context": dict, "order": int}`; the party page shows it.
- `<app>/attention.py` defines `items(request) -> list[dict]` of
  `{"label": str, "count": int | None, "url": str, "note": str (optional),
  "user_text": bool (optional: the label is text users typed)}`; the home page lists them as
  the user's work: the secretariat's queues (each count the length of the list its link opens),
  a focal point's or an editor's own items. Each hook decides whom it answers.
- `<app>/home.py` defines `section(request) -> dict | None` returning
  `{"title": str, "items": [{"label", "url", "count"?, "note"?, "user_text"?}],
  "more": {"label", "url"} (optional), "order": int}`; the public home page shows them.

Every hook's contract is declared in `core/hooks.py` (Protocols for the modules, TypedDicts for
what they return); `core/tests/test_hook_contracts.py` checks every app against them.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any, cast

from django.apps import apps
from django.http import HttpRequest

from minamata_kb.core.hooks import AttentionItem, HomeSection, PartySection


def app_modules(name: str) -> list[ModuleType]:
    """`<app>.<name>` of every minamata_kb app that has such a module, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("minamata_kb."):
            continue
        try:
            found.append(import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
    return found


def party_sections(request: HttpRequest, party: Any) -> list[PartySection]:
    """Every app's section for a party's profile page, in order."""
    sections = [s for m in app_modules("party_profile") if (s := m.section(request, party))]
    return cast(list[PartySection], sorted(sections, key=lambda s: s.get("order", 100)))


def attention_items(request: HttpRequest) -> list[AttentionItem]:
    """What needs the secretariat's attention, gathered from every app."""
    return cast(
        list[AttentionItem], [item for m in app_modules("attention") for item in m.items(request)]
    )


def related_resources(resource: Any, *, user: Any = None, limit: int = 5) -> list[Any]:
    """Resources like `resource` that the user may see, from the apps that can tell (search, by
    meaning; `core.hooks.RelatedHook`); empty when no app can."""
    found: list[Any] = []
    for module in app_modules("related"):
        found += module.resources(resource, user=user, limit=limit)
    return found[:limit]


def home_sections(request: HttpRequest) -> list[HomeSection]:
    """Every app's section of the public home page, in order."""
    sections = [s for m in app_modules("home") if (s := m.section(request))]
    return cast(list[HomeSection], sorted(sections, key=lambda s: s.get("order", 100)))
