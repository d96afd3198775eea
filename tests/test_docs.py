"""Docs are tested: every CLI command and every setting must be in the README."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
KIND_PREFIXES = ("import_", "export_", "report_")


def _cli_form(name: str) -> str:
    for prefix in KIND_PREFIXES:
        if name.startswith(prefix):
            return f"minamata-kb {prefix[:-1]} {name[len(prefix) :].replace('_', '-')}"
    return f"minamata-kb {name}"


def test_every_project_command_is_documented():
    ours = sorted(n for n, app in get_commands().items() if str(app).startswith("minamata_kb."))
    assert "init" in ours and "demo" in ours and "serve" in ours
    # the console script turns dashes into underscores (cli.command_argv): either is documented
    missing = [
        name
        for name in ours
        if _cli_form(name) not in README and _cli_form(name).replace("_", "-") not in README
    ]
    assert not missing, (
        f"undocumented commands (add them to README.md): {[_cli_form(m) for m in missing]}"
    )


def test_every_setting_is_documented():
    settings_src = (ROOT / "src" / "minamata_kb" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env_(?:str|bool|int|list|choice)\(\s*"([A-Z_]+)"', settings_src))
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert "DATABASE_URL" in names and "SECRET_KEY" in names
    missing = sorted(n for n in names if f"`{n}`" not in README or f"{n}=" not in example)
    assert not missing, f"settings missing from README.md or .env.example: {missing}"


def test_quick_start_has_exactly_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^```(?:sh|bash)?\n(.*?)^```", section, flags=re.S | re.M)
    lines = [
        ln
        for block in commands
        for ln in block.splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert len(lines) == 2, lines
