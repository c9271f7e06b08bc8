"""``crmdesk backup --out FILE``: a consistent copy of the database, safe while it is open."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crmdesk.commands import CliError

NAME = "backup"
HELP = "copy the database to a backup file (safe while crmdesk is open)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="FILE",
                        help="the backup file to write (overwritten if it exists)")


def database_path(args: argparse.Namespace) -> Path:
    """The SQLite file of the database the command line chose; server databases have none."""
    path = args.database.path
    if path is None:
        raise CliError(f"{args.database.url} is not an SQLite file; back up a server database "
                       "with its own tools (e.g. pg_dump).")
    return path


def run(args: argparse.Namespace) -> int:
    from crmdesk.services import backups

    source = database_path(args)
    try:
        out = backups.backup(source, Path(args.out).expanduser())
    except backups.BackupError as exc:
        raise CliError(str(exc)) from exc
    print(f"Backed up {source} to {out}", file=sys.stderr)
    return 0
