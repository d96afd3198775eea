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


def test_env_file_fills_what_the_environment_leaves_unset(tmp_path, monkeypatch):
    from minamata_kb.core.env import load_env_file

    env_file = tmp_path / ".env"
    env_file.write_text(
        "# a comment\nX_FROM_FILE='quoted value'\nexport X_EXPORTED=2\nX_ALREADY=file\n\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("X_FROM_FILE", raising=False)
    monkeypatch.delenv("X_EXPORTED", raising=False)
    monkeypatch.setenv("X_ALREADY", "process")
    applied = load_env_file(env_file)
    assert sorted(applied) == ["X_EXPORTED", "X_FROM_FILE"]
    import os

    assert os.environ["X_FROM_FILE"] == "quoted value" and os.environ["X_ALREADY"] == "process"
    monkeypatch.delenv("X_FROM_FILE")
    monkeypatch.delenv("X_EXPORTED")
    env_file.write_text("GOOD=1\nthis is not a setting\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="line 2"):
        load_env_file(env_file)


def test_settings_read_the_env_file_of_the_working_folder(tmp_path):
    import subprocess
    import sys

    (tmp_path / ".env").write_text("DEBUG=maybe\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", "import minamata_kb.settings"],
        env={"MINAMATA_KB_VAR_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    # The bad value can only have come from the file: settings refuse it by name.
    assert proc.returncode != 0 and "DEBUG" in proc.stderr
