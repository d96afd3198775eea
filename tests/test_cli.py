import subprocess
import sys

import pytest

from minamata_kb.cli import command_argv


def test_kind_commands_map_to_management_commands():
    assert command_argv(["import", "parties", "f.csv", "--dry-run"]) == [
        "import_parties",
        "f.csv",
        "--dry-run",
    ]
    assert command_argv(["export", "resources", "--format", "csv"]) == [
        "export_resources",
        "--format",
        "csv",
    ]
    assert command_argv(["report", "national-reports", "--cycle", "latest"]) == [
        "report_national_reports",
        "--cycle",
        "latest",
    ]
    assert command_argv(["init"]) == ["init"]
    assert command_argv(["manage", "check"]) == ["check"]
    with pytest.raises(SystemExit):
        command_argv(["import"])


@pytest.mark.slow
def test_console_script_runs_as_module(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "minamata_kb", "help"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert "minamata-kb" in proc.stdout


@pytest.mark.slow
def test_unknown_command_exits_2(tmp_path):
    env = {"MINAMATA_KB_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "minamata_kb", "frobnicate"], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 2
    assert "unknown command" in proc.stderr


@pytest.mark.slow
def test_a_command_in_a_folder_without_a_database_says_how_to_get_one(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "minamata_kb", "search", "mercury", "--json"],
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "minamata-kb init" in proc.stderr and str(tmp_path / "var") in proc.stderr


@pytest.mark.slow
def test_serve_on_a_busy_port_names_the_way_out(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "minamata_kb", "serve", "--port", str(port)],
            env={"MINAMATA_KB_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert f"--port {port + 1}" in proc.stderr and proc.stderr.count("\n") <= 2
