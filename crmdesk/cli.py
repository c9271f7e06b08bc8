"""The command line: the GUI by default, sub-commands for scripts.

Qt is imported only inside the commands that need a window (the GUI itself,
``--screenshot``), so ``crmdesk search`` starts fast.  Errors are one sentence
on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from crmdesk import __version__, config

VIEWS = ("contacts", "accounts")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crmdesk",
        description="An offline desktop CRM and contact manager. Without a command, opens "
                    "the main window.",
    )
    parser.add_argument("--version", action="version", version=f"crmdesk {__version__}")
    parser.add_argument("--db", metavar="PATH|URL",
                        help=f"database file or SQLAlchemy URL (default: ${config.DB_ENV} or "
                             f"{config.default_db_path()})")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="render the main window offscreen to a PNG and exit")
    parser.add_argument("--view", choices=VIEWS, default="contacts",
                        help="which view to show (with --screenshot, or on opening)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="fill an empty database with realistic demo data")
    demo.add_argument("--contacts", type=int, default=300, metavar="N",
                      help="how many contacts (accounts: about a fifth); 0 only creates the "
                           "empty database (default: 300)")
    demo.add_argument("--seed", type=int, default=20261126, help=argparse.SUPPRESS)

    search = sub.add_parser("search", help="find contacts and accounts")
    search.add_argument("text", help="any word prefix of a name, company, e-mail, phone, city "
                                     "or note")
    search.add_argument("--json", action="store_true", help="print one JSON document")
    search.add_argument("--limit", type=int, default=50, metavar="N")
    return parser


class CliError(Exception):
    """A problem to report as one sentence with exit status 2."""


def _services(args: argparse.Namespace):  # noqa: ANN202 - avoids importing services early
    from crmdesk.services import Services

    return Services.open(config.resolve_db_url(args.db))


def cmd_demo(args: argparse.Namespace) -> int:
    from crmdesk.progress import TerminalProgress
    from crmdesk.services import demo

    if args.contacts < 0:
        raise CliError("--contacts must be 0 or more.")
    services = _services(args)
    try:
        demo.fill(services, args.contacts, seed=args.seed,
                  progress=TerminalProgress("Creating demo data"))
    except demo.DemoError as exc:
        raise CliError(str(exc)) from exc
    finally:
        services.close()
    print(f"{args.contacts} contacts and {max(1, args.contacts // 5) if args.contacts else 0} "
          f"accounts in {config.resolve_db_url(args.db)}", file=sys.stderr)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    services = _services(args)
    try:
        hits = services.search.search(args.text, limit=max(1, args.limit))
    finally:
        services.close()
    if args.json:
        json.dump([h.as_dict() for h in hits], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for h in hits:
        extra = " · ".join(v for v in (h.company if h.kind == "contact" else "", h.city,
                                       ", ".join(h.phones[:1]), ", ".join(h.emails[:1])) if v)
        print(f"{h.kind[0].upper()} {h.id:>7}  {h.display_name}" + (f"  ({extra})" if extra
                                                                      else ""))
    if not hits:
        print(f"Nothing matches “{args.text}”.", file=sys.stderr)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from crmdesk.ui.app import run

    return run(config.resolve_db_url(args.db), view=args.view, screenshot=args.screenshot)


COMMANDS = {"demo": cmd_demo, "search": cmd_search}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from crmdesk.db import DatabaseError

    try:
        handler = COMMANDS.get(args.command, cmd_gui)
        return handler(args)
    except (CliError, DatabaseError) as exc:
        print(f"crmdesk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("crmdesk: interrupted; nothing was changed by the unfinished step.",
              file=sys.stderr)
        return 130
