"""``crmdesk restore FILE``: put a backup back in place of the database.

The file must be a crmdesk database of a schema version this crmdesk knows;
the database it replaces is kept beside it as ``NAME.replaced-<stamp>.db``.
Refused while a crmdesk window has the database open (``window_lock``: no Qt).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crmdesk.commands import CliError
from crmdesk.commands.backup import database_path

NAME = "restore"
HELP = "replace the database with a backup file (the old one is kept)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a backup made by crmdesk (backup --out, or the daily "
                                     "copies in the backups folder)")


def run(args: argparse.Namespace) -> int:
    from crmdesk.services import backups
    from crmdesk.window_lock import window_is_open

    target = database_path(args)
    if window_is_open(args.database):
        raise CliError(f"crmdesk is open on {target}; close its window first, then restore.")
    try:
        result = backups.restore(Path(args.file).expanduser(), target)
    except backups.BackupError as exc:
        raise CliError(str(exc)) from exc
    print(f"Restored {target} from {result.restored_from} (schema {result.revision}).",
          file=sys.stderr)
    if result.replaced:
        print(f"The previous database is kept as {result.replaced}", file=sys.stderr)
    return 0
