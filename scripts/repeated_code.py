"""Repeated code in the product, split into declarations and logic.

    python scripts/repeated_code.py [--rev REV] [--list logic|declarations|all]

Copies the product code (``src/``, without tests, test modules, conftest files and migrations)
as it is in the working tree, or at ``--rev``, into a scratch folder and runs the environment's
``duplicates`` tool on it (pairs of places sharing six or more lines of the same shape). Each
pair is then sorted by what its two listed runs are made of:

* a *declaration* pair: on both sides, at least 80 % of the lines declare rather than compute:
  model fields and their keyword arguments, enum members, url routes, schema and dataclass
  fields, dictionary entries ``"key": value``, keyword arguments ``name=value`` of a call, class
  headers, closing brackets, ``@property`` and one-line ``return`` bodies;
* a *logic* pair: anything else (statements, conditions, loops, templates).

The rule reads lines, not meaning, and is applied the same way to every revision, so the two
figures can be compared across revisions. It needs the ``duplicates`` command on the PATH (this
machine kind has it); it writes nothing in the repository.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEFT_OUT = re.compile(r"(/tests/|/migrations/|(^|/)test_[^/]*\.py$|conftest\.py$)")
ROW = re.compile(r"^D\d+ (\S+):(\d+)-(\d+) ~ (\S+):(\d+)-(\d+)")

DECLARATIVE = [
    re.compile(p)
    for p in (
        r"^[A-Za-z_]\w* = models\.\w+\(",  # a model field
        r"^[A-Za-z_]\w* = [\w.]+Field\(",  # a form or schema field
        r"^[A-Z][A-Z0-9_]* = .*,\s*_\(",  # an enum member with its label
        r"^[A-Za-z_]\w* = [\"'\d]",  # a name given a literal (a constant, a plain enum member)
        r"^[A-Za-z_]\w*(: [^=]+)? = [\[({]$",  # a literal list, dict or tuple opening
        r"^(re_)?path\(",  # a route
        r"^[A-Za-z_]\w*: [\w\[\]|., \"']+( = .*)?$",  # an annotated field
        r"^[A-Za-z_]\w*=.*[,(]?$",  # a keyword argument
        r"^\"[^\"]*\": .*,?$",  # a dictionary entry
        r"^'[^']*': .*,?$",
        r"^\*\*[\w.]+\(?.*\)?,?$",  # **spread in a literal or call
        r"^class \w+(\(.*\))?:$",  # a class header
        r"^@(property|dataclass|cached_property|admin\.register|staticmethod)\b",
        r"^def \w+\(self\) -> [\w\[\]|., \"']+:$",  # a property's signature
        r"^return self(\.\w+)*$",  # and its one-line body
        r"^\"[^\"]*\",?$",  # a string item of a list
        r"^(ordering|verbose_name|verbose_name_plural|constraints|indexes|fields|list_display"
        r"|list_filter|search_fields|readonly_fields|unique_together|db_table) = ",
        r"^[\w.]+\($",  # a call opening on its own line (its arguments follow)
        r"^[)\]}]+[,)]*$",  # closing brackets
        r"^[\[({]$",
    )
]


def product_files(rev: str | None) -> list[str]:
    if rev:
        out = subprocess.run(
            ["git", "ls-tree", "-r", "--name-only", rev, "src"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    else:
        out = subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "src"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return [f for f in out.splitlines() if f and not LEFT_OUT.search(f)]


def copy_tree(rev: str | None, dest: Path) -> None:
    for name in product_files(rev):
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if rev:
            blob = subprocess.run(
                ["git", "show", f"{rev}:{name}"], cwd=ROOT, capture_output=True, check=True
            ).stdout
            target.write_bytes(blob)
        elif (ROOT / name).is_file():
            shutil.copyfile(ROOT / name, target)


def code_lines(path: Path, start: int, end: int) -> list[str]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[start - 1 : end]
    kept = []
    for line in lines:
        s = line.strip()
        if not s or s.startswith("#") or s.startswith(("import ", "from ")):
            continue
        kept.append(s)
    return kept


def is_declaration(lines: list[str]) -> bool:
    if not lines:
        return True
    hits = sum(1 for s in lines if any(p.search(s) for p in DECLARATIVE))
    return hits >= 0.8 * len(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rev", help="a git revision (default: the working tree)")
    ap.add_argument("--list", choices=("logic", "declarations", "all"))
    ap.add_argument("--seconds", type=int, default=300)
    args = ap.parse_args()
    if not shutil.which("duplicates"):
        print("the `duplicates` command is not on the PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="repeated-") as tmp:
        dest = Path(tmp)
        copy_tree(args.rev, dest)
        report = subprocess.run(
            ["duplicates", "--repo", str(dest), "--most", "200", "--seconds", str(args.seconds)],
            cwd=dest,
            capture_output=True,
            text=True,
        ).stdout
        rows = []
        for line in report.splitlines():
            m = ROW.match(line)
            if not m:
                continue
            a = code_lines(dest / m[1], int(m[2]), int(m[3]))
            b = code_lines(dest / m[4], int(m[5]), int(m[6]))
            rows.append((line, is_declaration(a) and is_declaration(b)))
    for line in report.splitlines():
        if line.startswith(("incomplete:", "left out:")) or "more pairs" in line:
            print(line)
    decl = [r for r, d in rows if d]
    logic = [r for r, d in rows if not d]
    label = args.rev or "working tree"
    print(f"{label}: {len(rows)} pairs, {len(decl)} declaration pairs, {len(logic)} logic pairs")
    if args.list:
        chosen = {"logic": logic, "declarations": decl, "all": [r for r, _d in rows]}[args.list]
        for r in chosen:
            print(r.replace("src/minamata_kb/", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
