import pytest
from django.core.exceptions import ImproperlyConfigured

from minamata_kb.core.env import env_bool, env_choice, env_int, env_list


def test_booleans_are_parsed_strictly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_integers_lists_and_choices(monkeypatch):
    monkeypatch.setenv("X_INT", "12x")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "-5")
    with pytest.raises(ImproperlyConfigured, match="minimum"):
        env_int("X_INT", 1, minimum=0)
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    monkeypatch.setenv("X_CHOICE", "redis")
    with pytest.raises(ImproperlyConfigured):
        env_choice("X_CHOICE", "immediate", {"immediate", "database"})


def test_bad_database_url_fails_loudly(tmp_path):
    import subprocess
    import sys

    env = {
        "DATABASE_URL": "nonsense://",
        "MINAMATA_KB_VAR_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.run(
        [sys.executable, "-c", "import minamata_kb.settings"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "DATABASE_URL" in proc.stderr
