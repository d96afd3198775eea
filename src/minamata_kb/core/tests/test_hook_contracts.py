"""Every app's hook modules keep the declared contracts of core/hooks.py: the functions are there
with a compatible signature, and what they return to the shared pages has the declared shape."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import timezone

from minamata_kb.core.extensions import app_modules
from minamata_kb.core.hooks import (
    CONVENTIONS,
    HOOKS,
    DocumentKind,
    HealthCheck,
    PartySection,
    shape_errors,
)

SRC = Path(__file__).resolve().parents[2]


def _signature_errors(impl: Any, declared: Any, where: str) -> list[str]:
    """Can `impl` be called every way the contract's method can? Same names and kinds for the
    declared parameters, defaults where the contract has them; extra parameters need defaults."""
    if not callable(impl):
        return [f"{where}: not callable"]
    want = list(inspect.signature(declared).parameters.values())[1:]  # without self
    have = inspect.signature(impl).parameters
    errors = []
    for p in want:
        if p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        got = have.get(p.name)
        if got is None:
            errors.append(f"{where}: no parameter {p.name!r}")
        elif got.kind is not p.kind and not (
            got.kind is got.POSITIONAL_OR_KEYWORD and p.kind is p.POSITIONAL_ONLY
        ):
            errors.append(
                f"{where}: {p.name!r} is {got.kind.description}, not {p.kind.description}"
            )
        elif p.default is not p.empty and got.default is p.empty:
            errors.append(f"{where}: {p.name!r} needs a default, as in the contract")
    names = {p.name for p in want}
    for name, got in have.items():
        variadic = got.kind in (got.VAR_KEYWORD, got.VAR_POSITIONAL)
        if name not in names and not variadic and got.default is got.empty:
            errors.append(f"{where}: extra parameter {name!r} without a default")
    return errors


def module_errors(hook_name: str, module: ModuleType | Any) -> list[str]:
    hook = HOOKS[hook_name]
    where = getattr(module, "__name__", repr(module))
    errors = []
    for member in hook.members:
        if not hasattr(module, member):
            errors.append(f"{where}: no {member}")
            continue
        declared = getattr(hook.protocol, member, None)
        if callable(declared):
            errors += _signature_errors(getattr(module, member), declared, f"{where}.{member}")
    if hook_name == "history" and hasattr(module, "ENTITIES"):
        for entity in module.ENTITIES:
            if not isinstance(getattr(entity, "label", None), str):
                errors.append(f"{where}.ENTITIES: {entity!r} has no text label")
    return errors


def test_every_app_modules_call_names_a_declared_hook() -> None:
    """A hook looked up under a name with no contract (or a misspelt one) fails here."""
    used = set()
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts:
            continue
        used |= set(re.findall(r"app_modules\(\s*[\"'](\w+)[\"']", path.read_text("utf-8")))
    assert used, "the scan found no app_modules call: the pattern is stale"
    undeclared = sorted(used - HOOKS.keys() - CONVENTIONS)
    assert not undeclared, f"hooks without a contract in core/hooks.py: {undeclared}"
    unused = sorted(HOOKS.keys() - used)
    assert not unused, f"contracts in core/hooks.py that nothing looks up: {unused}"


@pytest.mark.parametrize("hook_name", sorted(HOOKS))
def test_every_hook_module_matches_its_contract(hook_name: str) -> None:
    modules = app_modules(hook_name)
    assert modules, f"no app provides the {hook_name!r} hook"
    errors = [e for m in modules for e in module_errors(hook_name, m)]
    assert not errors, "\n".join(errors)


def test_every_document_kind_matches_its_contract() -> None:
    from minamata_kb.publishing import editions

    kinds = editions.registered()
    assert set(kinds) == set(editions.KINDS)
    errors = []
    for kind, (collect, build) in kinds.items():
        errors += _signature_errors(collect, DocumentKind.collect, f"{kind}.collect")
        errors += _signature_errors(build, DocumentKind.build, f"{kind}.build")
    assert not errors, "\n".join(errors)


def test_the_checks_can_fail() -> None:
    """A module with the wrong signature and a result of the wrong shape are both reported."""
    wrong = SimpleNamespace(__name__="fake.party_profile", section=lambda request: None)
    assert module_errors("party_profile", wrong) == [
        "fake.party_profile.section: no parameter 'party'"
    ]
    assert module_errors("attention", SimpleNamespace(__name__="fake")) == ["fake: no items"]
    extra = SimpleNamespace(__name__="f", items=lambda request, limit: [])
    assert module_errors("attention", extra) == [
        "f.items: extra parameter 'limit' without a default"
    ]
    bad = {"title": "T", "template": "t.html", "context": {}, "order": "1", "colour": "red"}
    assert shape_errors(bad, PartySection) == [
        ".colour: not in the contract",
        ".order: expected an int",
    ]
    assert shape_errors({"ok": True}, HealthCheck) == [".detail: missing"]


def _request(user: Any) -> Any:
    request = RequestFactory().get("/")
    request.user = user if user is not None else AnonymousUser()
    request.session = SessionStore()
    request.LANGUAGE_CODE = "en"
    return request


@pytest.mark.django_db
def test_what_the_page_hooks_return_has_the_declared_shape(personas: Any) -> None:
    """The party page's, the home page's and the work-list hooks, for every persona."""
    from minamata_kb.library.models import Resource

    # Something new for the library's home section to show.
    Resource.objects.create(title="A published guide", published=True, published_at=timezone.now())
    world = personas.world
    seen: dict[str, int] = {"party_profile": 0, "attention": 0, "home": 0}
    errors = []
    for persona in [personas.admin, *personas.all]:
        request = _request(persona.user)
        for module in app_modules("attention"):
            for i, item in enumerate(module.items(request)):
                seen["attention"] += 1
                errors += shape_errors(item, HOOKS["attention"].returns, f"{module.__name__}[{i}]")
        for module in app_modules("home"):
            if (section := module.section(request)) is not None:
                seen["home"] += 1
                errors += shape_errors(section, HOOKS["home"].returns, module.__name__)
        for party in (world.party_a, world.party_b):
            for module in app_modules("party_profile"):
                if (section := module.section(request, party)) is not None:
                    seen["party_profile"] += 1
                    errors += shape_errors(section, HOOKS["party_profile"].returns, module.__name__)
    assert not errors, "\n".join(errors)
    assert all(seen.values()), f"a hook returned nothing to check: {seen}"


@pytest.mark.django_db
def test_the_database_health_check_has_the_declared_shape() -> None:
    """The site's own check (search's loads the models: test_readiness.py covers it by /readyz)."""
    from minamata_kb.site import health

    found = health.checks()
    assert found and not [e for k, v in found.items() for e in shape_errors(v, HealthCheck, k)]
