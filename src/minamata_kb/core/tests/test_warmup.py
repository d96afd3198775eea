"""Warm-up before serving: each gunicorn worker loads the search index and models and runs one
query before it accepts connections (serve's gunicorn config), and says so in its log."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from pytest_django import Settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def hash_models(settings: Settings) -> Iterator[None]:
    from minamata_kb.search.index import invalidate

    settings.SEARCH_EMBEDDERS = ["hash"]
    invalidate()
    yield
    invalidate()


def test_warm_all_loads_the_search_index_and_models(hash_models, ref_world):
    from minamata_kb.core.warming import warm_all
    from minamata_kb.search import index

    index.invalidate()
    assert not index._cache  # cold
    lines: list[str] = []
    done = warm_all(lines.append)
    apps = {app: what for app, _seconds, what in done}
    assert "search" in apps and not apps["search"].startswith("failed"), apps
    assert not any(what.startswith("failed") for what in apps.values()), apps
    assert "hash" in apps["search"]
    assert index._cache  # the index of this process is loaded
    assert any(line.startswith("warm-up search: index:") for line in lines)


def test_a_failing_hook_is_reported_and_serving_goes_on(settings, ref_world):
    from minamata_kb.core.warming import warm_all

    settings.SEARCH_EMBEDDERS = ["no-such-model"]
    done = dict((app, what) for app, _s, what in warm_all(lambda _line: None))
    assert done["search"].startswith("failed: ")


def test_serve_runs_gunicorn_with_the_warm_up_hook(hash_models, ref_world, monkeypatch, caplog):
    from gunicorn.config import Config

    from minamata_kb.core import gunicorn_conf
    from minamata_kb.core.management.commands import serve

    # serve's gunicorn command line names the config module; gunicorn accepts it
    source = open(serve.__file__, encoding="utf-8").read()
    assert '"python:minamata_kb.core.gunicorn_conf"' in source
    cfg = Config()
    cfg.set("post_worker_init", gunicorn_conf.post_worker_init)
    assert cfg.post_worker_init is gunicorn_conf.post_worker_init

    class Worker:  # what gunicorn passes: the worker, with its pid and logger
        pid = 4242
        log = logging.getLogger("gunicorn.error")

    with caplog.at_level(logging.INFO, logger="gunicorn.error"):
        gunicorn_conf.post_worker_init(Worker())
    assert "[4242] warm-up search: index:" in caplog.text
    monkeypatch.setenv("MINAMATA_KB_WARMUP", "0")
    caplog.clear()
    gunicorn_conf.post_worker_init(Worker())
    assert "warm-up" not in caplog.text
