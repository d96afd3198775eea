"""Dependency hygiene: every installed package is pinned to one release and hash-checked."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ("requirements.txt", "requirements-dev.txt", "requirements-build.txt")


def lock_entries(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of a pip-compile lock file."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    entries = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        assert not line.startswith("-"), f"{path.name}: option line {line!r} (no index URLs)"
        # a package may carry the extras a dependency asks for (fonttools[woff]): still pinned
        m = re.match(r"([A-Za-z0-9_.\-]+)(?:\[[A-Za-z0-9_,.\-]+\])?==([^\s;]+)(.*)$", line)
        assert m, f"{path.name}: {line!r} is not pinned with =="
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", m.group(3))
        entries[m.group(1).lower().replace("_", "-")] = (m.group(2), hashes)
    return entries


@pytest.mark.parametrize("name", LOCKS)
def test_every_locked_package_is_pinned_with_hashes(name):
    entries = lock_entries(ROOT / name)
    assert entries
    unhashed = [pkg for pkg, (_, hashes) in entries.items() if not hashes]
    assert unhashed == []


def test_direct_pins_match_the_locks():
    runtime = lock_entries(ROOT / "requirements.txt")
    dev = lock_entries(ROOT / "requirements-dev.txt")
    for source, lock in (("requirements.in", runtime), ("requirements-dev.in", dev)):
        for line in (ROOT / source).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "-")):
                continue
            name, version = re.sub(r"\[.*\]", "", line).split("==")
            key = name.lower().replace("_", "-")
            assert lock.get(key, ("missing",))[0] == version, f"{source}: {line} vs lock"
    # The development lock installs the same runtime releases as production.
    for pkg, (version, _) in runtime.items():
        assert dev[pkg][0] == version, pkg


def test_installs_refuse_unhashed_packages():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [ln for ln in makefile.splitlines() if "pip install" in ln and " -r " in ln]
    assert installs and all("--require-hashes" in ln for ln in installs)
    recipe = (ROOT / "deploy" / "Containerfile").read_text(encoding="utf-8")
    assert recipe.count("--require-hashes") == 2
