"""The command line: the main window by default, sub-commands for scripts.

Qt is imported only by the commands that need it (the window, ``--screenshot``,
printing), so ``crmdesk search`` starts fast.  Errors are one sentence on
stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from crmdesk import __version__, config
from crmdesk.commands import CliError

VIEWS = ("contacts", "accounts", "leads", "opportunities", "cases", "campaigns", "calendar",
         "today", "pipeline", "forecast", "dashboard")
#: Sub-command modules under crmdesk.commands, in the order --help lists them.
COMMAND_MODULES = ("demo", "search", "agenda", "history", "report", "imports", "export",
                   "duplicates", "backup", "restore", "print")


def _commands() -> dict[str, ModuleType]:
    modules = (importlib.import_module(f"crmdesk.commands.{name}") for name in COMMAND_MODULES)
    return {module.NAME: module for module in modules}


def build_parser(commands: dict[str, ModuleType]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crmdesk",
        description="An offline desktop CRM and contact manager. Without a command, opens "
                    "the main window.",
    )
    parser.add_argument("--version", action="version", version=f"crmdesk {__version__}")
    parser.add_argument("--db", metavar="PATH|URL",
                        help=f"database file or SQLAlchemy URL (default: ${config.DB_ENV} or "
                             f"{config.default_db_path()})")
    parser.add_argument("--tz", metavar="ZONE",
                        help="show times in this IANA zone, e.g. Europe/Copenhagen (default: "
                             "Settings, else the system's)")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="render the main window offscreen to a PNG and exit")
    parser.add_argument("--view", choices=VIEWS, default="contacts",
                        help="the view to show first (also for --screenshot)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in commands.items():
        module.add_arguments(sub.add_parser(name, help=module.HELP,
                                            description=module.__doc__))
    return parser


def has_display() -> bool:
    """Whether a window can be shown: a desktop session, or a Qt platform chosen by hand."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(args: argparse.Namespace) -> int:
    if not args.screenshot and not has_display():
        raise CliError("there is no display to open the window on (DISPLAY is not set). "
                       "Start crmdesk from a desktop session, or render the window to a file "
                       "with: crmdesk --screenshot FILE.png")
    from crmdesk.ui.app import run

    return run(args.database, view=args.view, screenshot=args.screenshot)


def main(argv: Sequence[str] | None = None, fast_exit: bool = False) -> int:
    commands = _commands()
    args = build_parser(commands).parse_args(argv)
    args.database = config.locate_database(args.db)  # the one place --db is resolved
    from crmdesk.errors import DatabaseError

    try:
        _choose_zone(getattr(args, "command_tz", None) or args.tz)
        if args.command:
            _terminate_as_exit()
            return _leave(commands[args.command].run(args), fast_exit)
        return run_gui(args)
    except (CliError, DatabaseError) as exc:
        print(f"crmdesk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("crmdesk: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `crmdesk search x --json | head`: the reader has enough
        _quiet_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - the last resort: a sentence, never a traceback
        print(f"crmdesk: {unexpected(exc, 'command line')}", file=sys.stderr)
        return 1


def _choose_zone(name: str | None) -> None:
    from crmdesk.timezones import ZoneError, override

    try:
        override(name)
    except ZoneError as exc:
        raise CliError(str(exc).rstrip(".")) from None


def unexpected(exc: BaseException, where: str) -> str:
    """The sentence for an error nothing else caught; the details go to the error log.

    A database error the user can act on (a full disk, a read-only file, another
    writer) gets its own sentence; the library's text, which carries the SQL and the
    records as its parameters, is never shown."""
    from crmdesk import errorlog
    from crmdesk.services.errors import storage_problem

    sentence = storage_problem(exc)
    if sentence is None and isinstance(exc, OSError):
        from crmdesk.files import describe_os_error

        sentence = describe_os_error(exc, exc.filename or "a file")
    log = errorlog.record(exc, where)
    if sentence:
        return sentence + (f" (Details: {log}.)" if log else "")
    details = (f" The details are in {log}; please send them with a bug report."
               if log else "")
    return "something went wrong that crmdesk did not expect; nothing more was done." + details


def _terminate_as_exit() -> None:
    """SIGTERM (a logout, `kill`) unwinds like Ctrl+C, so a command's cleanup runs: its
    transaction rolls back and its temporary files go."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (tests calling main() from a worker)
        pass


def _quiet_stdout() -> None:
    """Point stdout at devnull, so no later flush (ours or Python's at exit) raises
    BrokenPipeError again."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _leave(code: int, fast_exit: bool) -> int:
    """After a finished sub-command, with ``fast_exit``: flush the output and end the process
    at once.  Python's teardown of the modules and caches a command loaded takes 0.1 s,
    and every resource (database, files, the import's reading process) is closed by now.
    Not after the window: Qt and QSettings save on the way out."""
    if fast_exit:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()
        sys.stderr.flush()
        os._exit(code)
    return code


def entry() -> None:
    """The ``crmdesk`` program (installed script, ``python -m crmdesk``, the bundle)."""
    raise SystemExit(main(fast_exit=True))
