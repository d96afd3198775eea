"""The `minamata-kb` console script: a thin layer over Django management commands.

`minamata-kb import KIND FILE` runs the command `import_<kind>`; likewise `export KIND` and
`report KIND`. Every other word is a command of its own (`init`, `demo`, `serve`, `search`...).
`minamata-kb manage ARGS` passes ARGS to Django's manage.py unchanged.
"""

from __future__ import annotations

import os
import sys

KIND_COMMANDS = {"import", "export", "report"}

USAGE = """usage: minamata-kb COMMAND [ARGS]

  init                         create or migrate the database, load reference data
  demo [--no-serve]            init, load demo content, serve on 127.0.0.1:8000
  serve [--host H] [--port P]  serve the web UI and API
  import KIND FILE [--dry-run] import parties, organisations, resources, ...
  export KIND --format F [-o FILE]
  report KIND ... -o FILE      COP documents
  search QUERY --json          search the knowledge base
  classify --json < TEXT       propose articles, topics, roles, countries
  match --party ISO3 --json    match a need to resources and providers
  manage ARGS                  any Django management command
  help                         this text; `minamata-kb COMMAND --help` for one command
"""


def command_argv(argv: list[str]) -> list[str]:
    """Translate the console script's arguments into a manage.py argument list."""
    if not argv or argv[0] in {"help", "-h", "--help"}:
        return []
    head, rest = argv[0], argv[1:]
    if head == "manage":
        return rest
    if head in KIND_COMMANDS:
        if not rest or rest[0].startswith("-"):
            raise SystemExit(
                f"minamata-kb {head}: say what to {head}, e.g. `minamata-kb {head} resources ...`"
            )
        return [f"{head}_{rest[0].replace('-', '_')}", *rest[1:]]
    return [head.replace("-", "_"), *rest]


def _missing_tables(exc: Exception) -> bool:
    """Whether a database error means the schema is not there (a database never initialised)."""
    text = str(exc).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def _no_database_hint(exc: Exception) -> str:
    """One paragraph that says which database was used and how to get the right one."""
    from django.conf import settings
    from django.db import connection

    where = connection.settings_dict["NAME"]
    hint = (
        f"the database {where} has no Minamata KB tables ({str(exc).splitlines()[0]}).\n"
        "  Run `minamata-kb init` to create it here, or point DATABASE_URL (or "
        "MINAMATA_KB_VAR_DIR) at the database you meant; the default is a SQLite file under "
        "./var/ of the folder the command runs in."
    )
    if getattr(settings, "VAR_DIR_IS_NEW", False):
        hint += f"\n  (The folder {settings.VAR_DIR} did not exist before this command.)"
    return hint


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = command_argv(list(sys.argv[1:] if argv is None else argv))
    if not args:
        sys.stdout.write(USAGE)
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minamata_kb.settings")
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    name = args[0]
    app = get_commands().get(name)
    if app is None:
        sys.stderr.write(f"minamata-kb: unknown command {name!r}\n\n{USAGE}")
        return 2
    from django.core.management.base import CommandError
    from django.db import DatabaseError

    command = load_command_class(app, name) if isinstance(app, str) else app
    parser = command.create_parser("minamata-kb", name)
    try:
        options = vars(parser.parse_args(args[1:]))
        positional = options.pop("args", ())
        # execute(), not run_from_argv(): the latter closes every database connection.
        command.execute(*positional, **options)
    except CommandError as exc:
        sys.stderr.write(f"minamata-kb {name}: {exc}\n")
        return exc.returncode
    except DatabaseError as exc:
        if not _missing_tables(exc):
            raise
        sys.stderr.write(f"minamata-kb {name}: {_no_database_hint(exc)}\n")
        return 2
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return int(getattr(command, "exit_code", 0) or 0)
