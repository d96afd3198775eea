"""A small real world for the API sweeps: the reference data and most of the demo content.

The matching demo (needs matched against everything, 15 s) is replaced by one need with its
matches and one duplicate pair, so every write operation has a real object to act on.
"""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

M = TypeVar("M", bound="Model")

DEMO_APPS = (
    "registry",
    "accounts",
    "library",
    "submissions",
    "national_reports",
    "activities",
    "assistance",
)


def build_world() -> SimpleNamespace:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from minamata_kb.activities.models import Activity, Event, WorkProgrammeItem
    from minamata_kb.assistance.models import Request as AssistanceRequest
    from minamata_kb.core.extensions import app_modules
    from minamata_kb.matching import services as matching
    from minamata_kb.matching.models import DuplicatePair, Match
    from minamata_kb.registry.models import Organisation, Party
    from minamata_kb.submissions.models import Call, Statement

    quiet = io.StringIO()
    call_command("init", stdout=quiet, stderr=quiet)
    for module in app_modules("demo"):
        if module.__name__.split(".")[1] in DEMO_APPS:
            module.load(quiet)
    need, _ = matching.save_need(
        None,
        party=Party.objects.get(code="GHA"),
        text="Training on mercury inventories for artisanal gold mining.",
        published=True,
    )
    matching.refresh_matches(need, limit=3)
    first, second = Activity.objects.order_by("code")[:2]
    pair = DuplicatePair.objects.create(first=first, second=second, similarity=0.9)
    users = get_user_model().objects
    call = Call.objects.order_by("-pk").first()
    return SimpleNamespace(
        officer=users.get(username="officer"),
        admin=users.get(username="admin"),
        focal_point=users.get(username="fp-ghana"),
        editor=users.get(username="editor-unitar"),
        values={
            "statement_id": _first(Statement.objects.order_by("pk")).pk,
            "slug": _first(Organisation.objects.order_by("slug")).slug,
            "ext_id": _first_resource(),
            "code": _first(Event.objects.order_by("code")).code,
            "item_id": _first(WorkProgrammeItem.objects.order_by("pk")).pk,
            "pk": _first(AssistanceRequest.objects.order_by("pk")).pk,
            "need_id": need.pk,
            "match_id": _first(Match.objects.filter(need=need)).pk,
            "pair_id": pair.pk,
            "change_id": _last_change(),
        },
        call=call,
    )


def _first(qs: QuerySet[M]) -> M:
    """The queryset's first row; the world always has one."""
    row = qs.first()
    assert row is not None, qs.model.__name__
    return row


def _first_resource() -> Any:
    from minamata_kb.library.models import Resource

    return _first(Resource.objects.order_by("external_id")).external_id


def _last_change() -> Any:
    from django.apps import apps

    change = apps.get_model("audit", "ChangeRecord").objects.order_by("-pk").first()
    return change.pk if change else 1


def path_values(world: SimpleNamespace, params: dict[str, str]) -> dict[str, Any]:
    """A real object for every path parameter the world knows, a placeholder for the others
    (an operation added later is still swept: its refusals must be clean too)."""
    return {
        name: world.values.get(name, 1 if kind == "integer" else "x")
        for name, kind in params.items()
    }
