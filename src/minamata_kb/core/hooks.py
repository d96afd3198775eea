"""The declared contracts of the extension hooks (`core.extensions.app_modules`).

Each hook is a module `<app>/<name>.py`; `HOOKS` maps every hook name to the Protocol its module
must satisfy and, where the hook returns data to a shared page, the TypedDict of what it returns.
`core/tests/test_hook_contracts.py` checks every app's hook module against them (signature and
returned shape), and that every `app_modules("...")` call in the code names a declared hook, so a
misspelt or undeclared hook cannot go unnoticed.

This module knows no domain app: where a contract mentions an app's type (a party, a history
entity, a built document) it says only what the shared code reads of it.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired only from real annotations.
from collections.abc import Sequence
from dataclasses import dataclass
from types import UnionType
from typing import (
    Any,
    NotRequired,
    Protocol,
    TextIO,
    TypedDict,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

from django.http import HttpRequest
from django.utils.functional import Promise

# ---- what the shared pages receive --------------------------------------------------------


class PartySection(TypedDict):
    """A section of a party's profile page (`<app>/party_profile.py`)."""

    title: str
    template: str
    context: dict[str, Any]
    order: int


class AttentionItem(TypedDict):
    """One line of the user's work on the home page (`<app>/attention.py`); `count` is the
    length of the list `url` opens; `user_text` says the label is text users typed."""

    label: str
    count: int | None
    url: str
    note: NotRequired[str]
    user_text: NotRequired[bool]


class HomeItem(TypedDict):
    label: str
    url: str
    count: NotRequired[int | None]
    note: NotRequired[str]
    user_text: NotRequired[bool]


class HomeLink(TypedDict):
    label: str
    url: str


class HomeSection(TypedDict):
    """A section of the public home page (`<app>/home.py`)."""

    title: str
    items: list[HomeItem]
    more: NotRequired[HomeLink]
    order: int


class HealthCheck(TypedDict):
    """One readiness check of `/readyz` (`<app>/health.py`)."""

    ok: bool
    detail: str


# ---- what each hook module defines --------------------------------------------------------


class PartyProfileHook(Protocol):
    def section(self, request: HttpRequest, party: Any) -> PartySection | None: ...


class AttentionHook(Protocol):
    def items(self, request: HttpRequest) -> list[AttentionItem]: ...


class HomeHook(Protocol):
    def section(self, request: HttpRequest) -> HomeSection | None: ...


class HealthHook(Protocol):
    def checks(self) -> dict[str, HealthCheck]: ...


class RefdataHook(Protocol):
    """`minamata-kb init`: load the app's reference data, idempotently."""

    def load(self, stdout: TextIO | None = None) -> object: ...


class DemoHook(Protocol):
    """`minamata-kb demo`: load the app's demo content, idempotently."""

    def load(self, stdout: TextIO) -> None: ...


class WarmupHook(Protocol):
    """`serve`: warm the process before it takes requests; returns what was warmed."""

    def warm(self) -> str: ...


class HistoryEntityLike(Protocol):
    """What the history pages read of an entity (audit.records.HistoryEntity)."""

    @property
    def label(self) -> str: ...


class HistoryHook(Protocol):
    ENTITIES: Sequence[HistoryEntityLike]


class RelatedResource(Protocol):
    """What a resource's page and the API read of a related resource (search's Hit)."""

    resource: Any
    id: str
    title: str
    language: str
    score: float


class RelatedHook(Protocol):
    """Resources like this one (`<app>/related.py`): search answers by meaning, so the library's
    page shows related resources without the library importing search."""

    def resources(
        self, resource: Any, *, user: Any = None, limit: int = 5
    ) -> Sequence[RelatedResource]: ...


class DocumentKind(Protocol):
    """A COP document kind the documents app builds (registered in publishing.editions):
    `collect(**options)` freezes the input, `build(data, lang)` makes one edition."""

    def collect(self, **options: Any) -> dict[str, Any]: ...

    def build(self, data: dict[str, Any], lang: str, *, internal: bool = False) -> Any: ...


@dataclass(frozen=True)
class Hook:
    """A hook: the Protocol of its module, and the functions and attributes that must be there."""

    protocol: type
    members: tuple[str, ...]
    returns: Any = None  # the TypedDict shape of what the one function returns (None: unchecked)


HOOKS: dict[str, Hook] = {
    "party_profile": Hook(PartyProfileHook, ("section",), PartySection),
    "attention": Hook(AttentionHook, ("items",), AttentionItem),
    "home": Hook(HomeHook, ("section",), HomeSection),
    "health": Hook(HealthHook, ("checks",), HealthCheck),
    "refdata": Hook(RefdataHook, ("load",)),
    "demo": Hook(DemoHook, ("load",)),
    "warmup": Hook(WarmupHook, ("warm",)),
    "history": Hook(HistoryHook, ("ENTITIES",)),
    "related": Hook(RelatedHook, ("resources",)),
}
# Module names `app_modules` also looks up that are Django's own conventions, not hooks of ours.
CONVENTIONS = frozenset({"urls", "api"})


def shape_errors(value: Any, shape: Any, where: str = "") -> list[str]:
    """What in `value` does not match the TypedDict `shape` (missing, unknown or mistyped keys);
    empty when it matches. Lazy translations count as text."""
    if not isinstance(value, dict):
        return [f"{where or 'value'}: expected a dict, got {type(value).__name__}"]
    hints = get_type_hints(shape)
    errors = [f"{where}.{k}: missing" for k in sorted(shape.__required_keys__ - value.keys())]
    errors += [f"{where}.{k}: not in the contract" for k in sorted(value.keys() - hints.keys())]
    for key in value.keys() & hints.keys():
        errors += _type_errors(value[key], hints[key], f"{where}.{key}")
    return errors


def _type_errors(value: Any, hint: Any, where: str) -> list[str]:
    origin, args = get_origin(hint), get_args(hint)
    if hasattr(hint, "__required_keys__"):  # a nested TypedDict
        return shape_errors(value, hint, where)
    if origin in (Union, UnionType):
        if any(not _type_errors(value, option, where) for option in args):
            return []
        return [f"{where}: {type(value).__name__} is not {hint}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {type(value).__name__}"]
        return [e for i, v in enumerate(value) for e in _type_errors(v, args[0], f"{where}[{i}]")]
    if origin is dict:
        return [] if isinstance(value, dict) else [f"{where}: expected a dict"]
    if hint is Any:
        return []
    if hint is None or hint is type(None):
        return [] if value is None else [f"{where}: expected None"]
    if hint is str:
        return [] if isinstance(value, str | Promise) else [f"{where}: expected text"]
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{where}: expected an int"]
    if isinstance(hint, type):
        return [] if isinstance(value, hint) else [f"{where}: expected {hint.__name__}"]
    raise TypeError(f"{where}: the contract uses a type the check cannot read: {hint!r}")
