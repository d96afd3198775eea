"""Test-wide fixtures: fast settings, the hash embedder, the persona world, and the PostgreSQL
guard."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from pytest_django import Settings


@pytest.fixture(autouse=True)
def _fast_settings(settings: Settings, tmp_path: Path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CLASSIFIER_REFIT = "inline"  # deterministic; the background refit has its own test
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _hash_embedder(request: pytest.FixtureRequest, settings: Settings) -> Iterator[None]:
    """Tests embed with the model-free hash embedder, so the unit layer loads no model; a test
    marked `real_models` keeps the configured multilingual models (what quality depends on)."""
    if request.node.get_closest_marker("real_models"):
        yield
        return
    from minamata_kb.search.index import invalidate

    settings.SEARCH_EMBEDDERS = ["hash"]
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


@pytest.fixture
def ref_world(db: None) -> Any:
    """A small registry and the full convention profile, built in code."""
    from minamata_kb.registry.models import Country, Organisation, Party
    from minamata_kb.taxonomy import refdata as taxonomy_refdata

    taxonomy_refdata.load()
    gha = Country.objects.create(
        iso3="GHA",
        m49="288",
        name_en="Ghana",
        name_fr="Ghana",
        name_zh="加纳",
        name_ar="غانا",
        name_ru="Гана",
        name_es="Ghana",
        region="Africa",
        subregion="Sub-Saharan Africa",
        developing=True,
    )
    mex = Country.objects.create(
        iso3="MEX",
        m49="484",
        name_en="Mexico",
        name_fr="Mexique",
        name_zh="墨西哥",
        name_ar="المكسيك",
        name_ru="Мексика",
        name_es="México",
        region="Americas",
        subregion="Latin America and the Caribbean",
        developing=True,
    )
    tuv = Country.objects.create(
        iso3="TUV",
        m49="798",
        name_en="Tuvalu",
        region="Oceania",
        subregion="Polynesia",
        ldc=True,
        sids=True,
        developing=True,
    )
    chn = Country.objects.create(
        iso3="CHN",
        m49="156",
        name_en="China",
        name_zh="中国",
        region="Asia",
        subregion="Eastern Asia",
        developing=True,
    )
    party_a = Party.objects.create(code="GHA", country=gha, name_en="Ghana")
    party_b = Party.objects.create(code="MEX", country=mex, name_en="Mexico")
    party_c = Party.objects.create(code="TUV", country=tuv, name_en="Tuvalu")
    eu = Party.objects.create(code="EUU", kind=Party.Kind.REIO, name_en="European Union")
    org = Organisation.objects.create(
        slug="bcrc-test", name="Test Regional Centre", kind="brs_centre", host_country=chn
    )
    org.countries_served.set([chn, tuv])
    other_org = Organisation.objects.create(slug="other-ngo", name="Other NGO", kind="ngo")
    secretariat = Organisation.objects.create(
        slug="secretariat", name="Secretariat", kind="secretariat"
    )
    return SimpleNamespace(
        gha=gha,
        mex=mex,
        tuv=tuv,
        chn=chn,
        party_a=party_a,
        party_b=party_b,
        party_c=party_c,
        eu=eu,
        org=org,
        other_org=other_org,
        secretariat=secretariat,
    )


@pytest.fixture
def personas(ref_world: Any, client_factory: Any = None) -> Any:
    """Officer, focal point of party A (Ghana), of party B (Mexico), partner editor, anonymous.

    Each has `.user` (None for anonymous) and `.client` (a logged-in django.test.Client).
    """
    from django.test import Client

    from minamata_kb.accounts.models import Role
    from minamata_kb.accounts.services import ensure_user

    def make(username: str | None, kind: str | None, **scope: Any) -> SimpleNamespace:
        client = Client()
        user = None
        if username:
            assert kind is not None, "a signed-in persona has a role"
            user = ensure_user(username, "pw-" + username, kind, **scope)
            client.force_login(user)
        return SimpleNamespace(user=user, client=client, name=username or "anonymous")

    world = SimpleNamespace(
        world=ref_world,
        admin=make("admin1", Role.Kind.ADMIN),
        officer=make("officer1", Role.Kind.OFFICER),
        fp_a=make("fp-a", Role.Kind.FOCAL_POINT, party=ref_world.party_a),
        fp_b=make("fp-b", Role.Kind.FOCAL_POINT, party=ref_world.party_b),
        partner=make("partner1", Role.Kind.ORG_EDITOR, organisation=ref_world.org),
        anon=make(None, None),
    )
    world.all = [world.officer, world.fp_a, world.fp_b, world.partner, world.anon]
    return world


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"
