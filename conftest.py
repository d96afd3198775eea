"""Test-wide fixtures: fast settings, the hash embedder, the persona world (built once per run,
replayed after), the schema under --nomigrations, and the PostgreSQL guard."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar, cast

import pytest
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.db.models import DateTimeField, Model
from django.utils import timezone
from pytest_django import Settings

_T = TypeVar("_T")


@pytest.fixture(autouse=True)
def _fast_settings(settings: Settings, tmp_path: Path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CLASSIFIER_REFIT = "inline"  # deterministic; the background refit has its own test
    # Static files are looked up when asked for, not all listed again for every test client.
    settings.WHITENOISE_AUTOREFRESH = True
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts and ends in the default language: a request through LocaleMiddleware
    leaves its language active in the thread, and the next test would otherwise read its
    messages in, say, Arabic (an order-dependent failure)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _hash_embedder(
    request: pytest.FixtureRequest, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Tests embed with the model-free hash embedder, search and classifier alike, so the unit
    layer loads no model; a test marked `real_models` keeps the configured multilingual models
    (what quality depends on)."""
    if request.node.get_closest_marker("real_models"):
        yield
        return
    from minamata_kb.search.index import invalidate
    from minamata_kb.textanalysis.classifier_text import default_embeddings

    settings.SEARCH_EMBEDDERS = ["hash"]
    classifier = default_embeddings()  # the classifier's models, for every module that asks
    monkeypatch.setattr(classifier, "use_name", "hash")
    monkeypatch.setattr(classifier, "e5_name", "hash")
    settings.SEARCH_MIN_SIMILARITY = 0.2
    invalidate()
    yield
    invalidate()


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> None:
    """A test database of this run's own on PostgreSQL (two runs on one server never collide;
    SQLite test databases are in memory already)."""
    from django.conf import settings

    for alias in settings.DATABASES.values():
        if "postgresql" in alias["ENGINE"]:
            alias.setdefault("TEST", {})
            alias["TEST"]["NAME"] = f"test_{alias['NAME']}_{os.getpid()}"


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_use_migrations: bool, django_db_blocker: Any
) -> None:
    """Under --nomigrations (`make test-fast`) the tables come from the models; the steps of
    the project's migrations that the models do not describe run after them."""
    if not django_db_use_migrations:
        with django_db_blocker.unblock():
            run_steps_models_do_not_describe()


def run_steps_models_do_not_describe() -> None:
    """The RunPython steps of the project's migrations (the full-text table), in order. Any other
    kind of step models cannot make is refused, so a test never runs on a schema it would not
    get from the migrations (tests/test_unit_layer.py compares the two schemas)."""
    import importlib
    import pkgutil

    from django.apps import apps
    from django.db.migrations import operations

    for app in apps.get_app_configs():
        if not app.name.startswith("minamata_kb."):
            continue
        try:
            package = importlib.import_module(f"{app.name}.migrations")
        except ModuleNotFoundError:
            continue
        for name in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
            for step in importlib.import_module(f"{package.__name__}.{name}").Migration.operations:
                if isinstance(step, operations.RunPython):
                    with connection.schema_editor() as editor:
                        step.code(cast(Any, apps), editor)
                elif isinstance(step, (operations.RunSQL, operations.SeparateDatabaseAndState)):
                    raise NotImplementedError(
                        f"{app.label}.{name}: run these tests with migrations (--migrations)"
                    )


@pytest.fixture(scope="session", autouse=True)
def _no_stray_test_database_sessions(request: pytest.FixtureRequest) -> Iterator[None]:
    """On PostgreSQL, end the test database's other sessions (background threads of the code
    under test keep their own connections) before pytest-django drops it, so no run leaves
    its database behind."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        yield
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    yield
    from django.db import connections

    with blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        connections.close_all()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip PostgreSQL-only tests on SQLite; under CI with a PostgreSQL URL they must run."""
    on_pg = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if on_pg:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgresql://...)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


# The persona world is built for real the first time a run needs it; its rows are then written
# again, in one INSERT per table, for every later test (building it took most of a unit test's
# time). A build is replayed only when it wrote rows of Django models and nothing else: no row it
# found was changed or removed, no table outside the models (the full-text index) was touched.
# A replay that meets rows of the test's own (an IntegrityError) falls back to the real build.
_captures: dict[tuple[Any, ...], _Capture | None] = {}
_built_in_this_test: list[str] = []


@dataclass
class _Table:
    """The rows a build added to one table, as the INSERT that writes them again."""

    sql: str
    fields: list[Any]
    rows: list[tuple[Any, ...]]  # as the database takes them


@dataclass
class _Capture:
    tables: list[_Table]
    result: Any


def _row_models() -> list[type[Model]]:
    from django.apps import apps

    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.parents
    ]


def _columns(model: type[Model]) -> list[str]:
    return [f.attname for f in model._meta.local_concrete_fields if not f.generated]


def _database_state() -> tuple[dict[type[Model], dict[Any, dict[str, Any]]], dict[str, int]]:
    """Every model row by primary key, and the row count of every other table."""
    models = _row_models()
    rows = {m: {r["pk"]: r for r in m._base_manager.values("pk", *_columns(m))} for m in models}
    known = {m._meta.db_table for m in models}
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table not in known:
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 - a table's own name
                counts[table] = cursor.fetchone()[0]
    return rows, counts


def _capture(before: Any, after: Any, result: Any) -> _Capture | None:
    """The rows a build added, or None when it did anything a replay would not repeat."""
    (rows_before, counts_before), (rows_after, counts_after) = before, after
    if counts_before != counts_after:
        return None
    tables = []
    for model, old in rows_before.items():
        new = rows_after[model]
        if any(new.get(pk) != row for pk, row in old.items()):
            return None
        fields = [f for f in model._meta.local_concrete_fields if not f.generated]
        fresh = [row for pk, row in new.items() if pk not in old]
        if fresh:
            quote = connection.ops.quote_name
            sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names of the models
                quote(model._meta.db_table),
                ", ".join(quote(f.column) for f in fields),
                ", ".join(["%s"] * len(fields)),
            )
            rows = [
                tuple(f.get_db_prep_save(row[f.attname], connection) for f in fields)
                for row in fresh
            ]
            tables.append(_Table(sql, fields, rows))
    return _Capture(tables, result)


def _replay(capture: _Capture) -> bool:
    """Write the captured rows again; times set on save (auto_now, auto_now_add) are now's."""
    now = timezone.now()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for table in capture.tables:
                stamped = {
                    i: f.get_db_prep_save(
                        now if isinstance(f, DateTimeField) else timezone.localdate(now),
                        connection,
                    )
                    for i, f in enumerate(table.fields)
                    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                }
                rows = table.rows
                if stamped:
                    rows = [tuple(stamped.get(i, v) for i, v in enumerate(r)) for r in rows]
                cursor.executemany(table.sql, rows)
    except IntegrityError:
        return False
    if connection.vendor == "postgresql":  # explicit keys leave the sequences behind
        models = [table.fields[0].model for table in capture.tables]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    return True


def built_once(name: str, build: Callable[[], _T]) -> _T:
    """Run `build` (it writes rows and returns plain data: primary keys, no model instances) the
    first time in this run; in later tests write the same rows again and return the same data."""
    from django.conf import settings

    key = (
        name,
        tuple(_built_in_this_test),
        connection.vendor,
        str(getattr(settings, "DATA_DIR", "")),
        tuple(settings.PASSWORD_HASHERS),
        settings.SESSION_ENGINE,
    )
    _built_in_this_test.append(name)
    if key in _captures:
        capture = _captures[key]
        if capture is not None and _replay(capture):
            return cast(_T, copy.deepcopy(capture.result))
        return build()
    before = _database_state()
    result = build()
    _captures[key] = _capture(before, _database_state(), copy.deepcopy(result))
    return result


@pytest.fixture(autouse=True)
def _new_test_builds_anew() -> None:
    _built_in_this_test.clear()


_COUNTRIES: tuple[tuple[str, str, str, str, dict[str, str], dict[str, bool]], ...] = (
    # iso3, m49, region, subregion, names by language, flags besides developing
    (
        "GHA",
        "288",
        "Africa",
        "Sub-Saharan Africa",
        {"en": "Ghana", "fr": "Ghana", "zh": "加纳", "ar": "غانا", "ru": "Гана", "es": "Ghana"},
        {},
    ),
    (
        "MEX",
        "484",
        "Americas",
        "Latin America and the Caribbean",
        {
            "en": "Mexico",
            "fr": "Mexique",
            "zh": "墨西哥",
            "ar": "المكسيك",
            "ru": "Мексика",
            "es": "México",
        },
        {},
    ),
    ("TUV", "798", "Oceania", "Polynesia", {"en": "Tuvalu"}, {"ldc": True, "sids": True}),
    ("CHN", "156", "Asia", "Eastern Asia", {"en": "China", "zh": "中国"}, {}),
)


def _keys(**objects: Model) -> dict[str, tuple[type[Model], Any]]:
    return {name: (type(obj), obj.pk) for name, obj in objects.items()}


def _instances(keys: dict[str, tuple[type[Model], Any]]) -> dict[str, Any]:
    """The objects named by `_keys`, read from the database (one query per model)."""
    wanted: dict[type[Model], list[Any]] = {}
    for model, pk in keys.values():
        wanted.setdefault(model, []).append(pk)
    found = {model: model._base_manager.in_bulk(pks) for model, pks in wanted.items()}
    return {name: found[model][pk] for name, (model, pk) in keys.items()}


def _build_ref_world() -> dict[str, tuple[type[Model], Any]]:
    from minamata_kb.registry.models import Country, Organisation, Party
    from minamata_kb.taxonomy import refdata as taxonomy_refdata

    taxonomy_refdata.load()
    country = {
        iso3: Country.objects.create(
            iso3=iso3,
            m49=m49,
            region=region,
            subregion=subregion,
            developing=True,
            **{f"name_{lang}": name for lang, name in names.items()},
            **flags,
        )
        for iso3, m49, region, subregion, names, flags in _COUNTRIES
    }
    party_a, party_b, party_c = (
        Party.objects.create(code=iso3, country=country[iso3], name_en=country[iso3].name_en)
        for iso3 in ("GHA", "MEX", "TUV")
    )
    eu = Party.objects.create(code="EUU", kind=Party.Kind.REIO, name_en="European Union")
    org = Organisation.objects.create(
        slug="bcrc-test",
        name="Test Regional Centre",
        kind="brs_centre",
        host_country=country["CHN"],
    )
    org.countries_served.set([country["CHN"], country["TUV"]])
    other_org = Organisation.objects.create(slug="other-ngo", name="Other NGO", kind="ngo")
    secretariat = Organisation.objects.create(
        slug="secretariat", name="Secretariat", kind="secretariat"
    )
    return _keys(
        **{iso3.lower(): c for iso3, c in country.items()},
        party_a=party_a,
        party_b=party_b,
        party_c=party_c,
        eu=eu,
        org=org,
        other_org=other_org,
        secretariat=secretariat,
    )


@pytest.fixture
def ref_world(db: None) -> Any:
    """A small registry and the full convention profile: countries gha, mex, tuv (LDC, SIDS)
    and chn; parties party_a (Ghana), party_b (Mexico), party_c (Tuvalu) and eu; organisations
    org (bcrc-test, hosted by China, serving China and Tuvalu), other_org and secretariat."""
    return SimpleNamespace(**_instances(built_once("ref_world", _build_ref_world)))


_PERSONAS: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    # attribute, username, role, the world's party or organisation of the role
    ("admin", "admin1", "admin", {}),
    ("officer", "officer1", "officer", {}),
    ("fp_a", "fp-a", "focal_point", {"party": "party_a"}),
    ("fp_b", "fp-b", "focal_point", {"party": "party_b"}),
    ("partner", "partner1", "org_editor", {"organisation": "org"}),
)


def _build_personas(world: Any) -> dict[str, tuple[str, Any, SimpleCookie]]:
    from django.test import Client

    from minamata_kb.accounts.services import ensure_user

    signed_in = {}
    for attr, username, kind, scope in _PERSONAS:
        user = ensure_user(
            username, "pw-" + username, kind, **{k: getattr(world, v) for k, v in scope.items()}
        )
        client = Client()
        client.force_login(user)
        signed_in[attr] = (username, user.pk, client.cookies)
    return signed_in


@pytest.fixture
def personas(ref_world: Any) -> Any:
    """Admin, officer, focal point of party A (Ghana), of party B (Mexico), partner editor of
    `bcrc-test`, anonymous.

    Each has `.user` (None for anonymous) and `.client` (a logged-in django.test.Client).
    """
    from django.contrib.auth import get_user_model
    from django.test import Client

    signed_in = built_once("personas", lambda: _build_personas(ref_world))
    users = get_user_model()._base_manager.in_bulk([pk for _, pk, _ in signed_in.values()])
    # One handler for the six clients, as one server answers everybody: its middleware is set
    # up once, at the first request of the test (static files found again for every client
    # were much of a page test's time).
    handler = Client().handler

    def persona(username: str, pk: Any, cookies: SimpleCookie | None) -> SimpleNamespace:
        client = Client()
        client.handler = handler
        if cookies is not None:
            client.cookies = cookies
        return SimpleNamespace(user=users.get(pk), client=client, name=username)

    world = SimpleNamespace(
        world=ref_world,
        **{attr: persona(*signed_in[attr]) for attr, *_ in _PERSONAS},
        anon=persona("anonymous", None, None),
    )
    world.all = [world.officer, world.fp_a, world.fp_b, world.partner, world.anon]
    return world


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"
