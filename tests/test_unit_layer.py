"""What makes the unit layer (`make test-fast`) fast must not change what it tests: the persona
world, built for real the first time a run needs it and replayed after (conftest.built_once),
is the world a build makes; the tables made from the models (--nomigrations) are the ones the
migrations make."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection, models, transaction

import conftest as root


def _content() -> dict[str, list[str]]:
    """Every model row, without what differs between two builds by design: times, password
    hashes (salted) and session keys. On PostgreSQL the number of rows alone: keys come from
    sequences, which a rollback does not take back, so they differ from build to build."""
    rows, other_tables = root._database_state()
    content = {"other tables": [repr(sorted(other_tables.items()))]}
    for model, by_pk in rows.items():
        fields = [f for f in model._meta.local_concrete_fields if not f.generated]
        content[model._meta.label] = (
            [str(len(by_pk))]
            if connection.vendor == "postgresql"
            else sorted(repr([_value(model, f, r) for f in fields]) for r in by_pk.values())
        )
    return content


def _value(model: type[models.Model], field: Any, row: dict[str, Any]) -> Any:
    if isinstance(field, models.DateTimeField) or field.name == "password":
        return None
    if model is Session and field.name == "session_key":
        return None
    if model is Session and field.name == "session_data":  # the user, not the password's hash
        return SessionStore().decode(row[field.attname]).get("_auth_user_id")
    return row[field.attname]


def _world(build_once: bool) -> tuple[dict[str, list[str]], Any]:
    """Content of the database with the world and the personas in it, and the personas."""
    root._built_in_this_test.clear()
    sid = transaction.savepoint()
    build_ref = (
        (lambda: root.built_once("ref_world", root._build_ref_world))
        if build_once
        else root._build_ref_world
    )
    world = SimpleNamespace(**root._instances(build_ref()))
    signed_in = (
        root.built_once("personas", lambda: root._build_personas(world))
        if build_once
        else root._build_personas(world)
    )
    content = _content()
    users = get_user_model()._base_manager.in_bulk([pk for _, pk, _ in signed_in.values()])
    signed_in_as = {
        username: Session.objects.get(session_key=cookies[settings.SESSION_COOKIE_NAME].value)
        .get_decoded()
        .get("_auth_user_id")
        == str(pk)
        for username, pk, cookies in signed_in.values()
    }
    passwords = {
        username: users[pk].check_password("pw-" + username)
        for username, pk, _ in signed_in.values()
    }
    transaction.savepoint_rollback(sid)
    return content, (signed_in_as, passwords)


@pytest.mark.django_db
def test_a_replayed_world_holds_the_rows_of_one_built_anew() -> None:
    built, _ = _world(build_once=False)
    _world(build_once=True)  # the run's first build of the world, or already a replay
    replayed, (signed_in_as, passwords) = _world(build_once=True)
    assert {key[0] for key, capture in root._captures.items() if capture} >= {
        "ref_world",
        "personas",
    }, "the world is replayed"
    assert replayed == built
    assert passwords == dict.fromkeys(["admin1", "officer1", "fp-a", "fp-b", "partner1"], True)
    assert signed_in_as == passwords


_SCHEMA = """
import sys

import django

django.setup()
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

if sys.argv[1] == "models":  # as `pytest --nomigrations` makes it
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    sys.path.insert(0, sys.argv[2])
    import conftest

    conftest.run_steps_models_do_not_describe()
else:
    call_command("migrate", verbosity=0)
"""


def _sqlite_schema(path: Path) -> dict[str, Any]:
    """Columns, indexes (unique or not, their columns) and foreign keys of every table, and
    the other objects (virtual tables, views, triggers) by name."""
    con = sqlite3.connect(path)
    try:
        schema: dict[str, Any] = {}
        for kind, name, sql in con.execute("SELECT type, name, sql FROM sqlite_master"):
            if kind != "table" or (sql or "").startswith("CREATE VIRTUAL"):
                schema[f"{kind} {name}"] = kind
                continue
            indexes = sorted(
                (bool(unique), [c[2] for c in con.execute(f"PRAGMA index_info('{index}')")])
                for _, index, unique, *_ in con.execute(f"PRAGMA index_list('{name}')")
            )
            schema[name] = {
                "columns": sorted(r[1:] for r in con.execute(f"PRAGMA table_info('{name}')")),
                "indexes": indexes,
                "foreign keys": sorted(
                    r[2:5] for r in con.execute(f"PRAGMA foreign_key_list('{name}')")
                ),
            }
        return schema
    finally:
        con.close()


@pytest.mark.slow
def test_the_schema_of_the_unit_layer_is_the_one_the_migrations_make(tmp_path: Path) -> None:
    """`make test-fast` builds its tables from the models (--nomigrations) and then runs the
    migrations' RunPython steps (conftest.run_steps_models_do_not_describe): the same schema as
    the migrations make, which every other run uses."""
    root_dir = Path(root.__file__).parent
    schemas = {}
    for how in ("models", "migrations"):
        db = tmp_path / f"{how}.sqlite3"
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{db}",
            "DJANGO_SETTINGS_MODULE": "minamata_kb.settings",
        }
        proc = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", _SCHEMA, how, str(root_dir)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        schemas[how] = _sqlite_schema(db)
    from minamata_kb.search import fts

    assert f"table {fts.TABLE}" in schemas["models"], "the full-text table is made"
    for schema in schemas.values():
        schema.pop("django_migrations", None)  # which migrations ran (none under --nomigrations)
    assert schemas["models"] == schemas["migrations"]
