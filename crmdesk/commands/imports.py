"""``crmdesk import FILE...``: import contacts (vCard, CSV, LDIF, JSON) and calendars (iCalendar)
as one undoable batch; ``--as leads`` reads CSV files (a trade show's badge scans, a web
form's sign-ups) as leads, their duplicates found among the leads and the contacts.

``import --list`` shows earlier imports; ``import --undo BATCH`` removes what a
batch created and takes back what it merged, keeping what the user edited since
and naming it (``--force`` only to delete created contacts the user edited).
Exit status: 0 done (bad records are listed in the report), 1 when a file could
not be read at all, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
from collections.abc import Callable, Iterator

from crmdesk.commands import CliError, bounded_int, open_services

NAME = "import"
HELP = ("import contacts from vCard, Outlook/Google/Thunderbird CSV, LDIF or JSON files, "
        "and activities from iCalendar (.ics) files")
FORMATS = ("auto", "vcard", "outlook-csv", "google-csv", "thunderbird-csv", "ldif", "json",
           "ics")
_CSV_FORMATS = ("outlook-csv", "google-csv", "thunderbird-csv")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="files to import")
    parser.add_argument("--format", choices=FORMATS, default="auto",
                        help="file format (default: detected from the content)")
    parser.add_argument("--encoding", metavar="NAME",
                        help="text encoding, e.g. cp1252 (default: detected)")
    parser.add_argument("--as", dest="kind", choices=("contacts", "leads"), default="contacts",
                        help="what the files hold: contacts (and calendars), or leads, from "
                             "CSV files (default: contacts)")
    parser.add_argument("--on-duplicate", choices=("skip", "merge", "create"), default="merge",
                        help="what to do with a record matching a stored contact (or, with "
                             "--as leads, a stored lead or contact) (default: merge)")
    parser.add_argument("--dry-run", action="store_true",
                        help="show the report without writing anything")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--list", action="store_true", help="list earlier imports")
    parser.add_argument("--undo", type=bounded_int(1, 2**63 - 1), metavar="BATCH",
                        help="undo an earlier import (its number from --list)")
    parser.add_argument("--force", action="store_true",
                        help="with --undo: also delete the contacts it created that were "
                             "edited since")


def run(args: argparse.Namespace) -> int:
    modes = sum((bool(args.files), args.list, args.undo is not None))
    if modes != 1:
        raise CliError("Give the files to import, or --list, or --undo BATCH (one of them).")
    if args.force and args.undo is None:
        raise CliError("--force only goes with --undo.")
    if args.kind == "leads" and not args.files:
        raise CliError("--as leads goes with the files to import.")
    if args.kind == "leads" and args.format not in ("auto", *_CSV_FORMATS):
        raise CliError(f"Leads are imported from CSV files; --format {args.format} cannot "
                       "go with --as leads.")
    if args.files:
        return _import(args)
    from crmdesk.services.importing import services_for

    services = open_services(args)
    try:
        _, batches = services_for(services)
        if args.list:
            return _list(batches, args.json)
        return _undo(batches, args.undo, args.force, args.json)
    finally:
        services.close()


def _import(args: argparse.Namespace) -> int:
    """Start reading the files in a child process first, then load the database layer
    and open the database while the child reads (a third of a second saved)."""
    with _collector_off_while_loading() as loaded:
        from crmdesk.services.importing.prepare import ImportSource, start_reading
        from crmdesk.settings import Settings

        settings = Settings.load()
        kind = "lead" if args.kind == "leads" else "contact"
        sources = [ImportSource(path, args.format, args.encoding, kind=kind)
                   for path in args.files]
        with contextlib.closing(start_reading(sources, settings.phone_region)) as reading:
            from crmdesk.progress import TerminalProgress
            from crmdesk.services.importing import ImportOptions, services_for

            services = open_services(args, settings, create=True)
            loaded()
            with contextlib.closing(services):
                importer, _ = services_for(services)
                options = ImportOptions(policy=args.on_duplicate, dry_run=args.dry_run)
                label = "Checking" if args.dry_run else "Importing"
                try:
                    report = importer.run(sources, options, progress=TerminalProgress(label),
                                          reading=reading)
                except Exception as exc:  # noqa: BLE001 - one sentence, never a traceback
                    raise CliError(f"The import stopped ({type(exc).__name__}: {exc}); "
                                   "nothing was changed.") from exc
    _print_report(report, args.json)
    return 1 if report.unreadable_files else 0


@contextlib.contextmanager
def _collector_off_while_loading() -> Iterator[Callable[[], None]]:
    """The cyclic garbage collector stays off until ``loaded()`` is called: it ran about
    a hundred times over SQLAlchemy's objects while they loaded (0.07 s of 0.32 s).
    ``loaded()`` then freezes everything made so far (it lives until the process
    ends), so the import's own collections skip it."""
    gc.disable()

    def loaded() -> None:
        gc.freeze()
        gc.enable()

    try:
        yield loaded
    finally:
        gc.enable()
        gc.unfreeze()


def _print_report(report, as_json: bool) -> None:  # noqa: ANN001 - ImportReport
    if as_json:
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(report.summary())
        if report.problems:
            print("Not imported:")
        for p in report.problems:
            where = f"line {p.line}: " if p.line else ""
            print(f"  {p.file}: {where}{p.reason}")
        if report.repairs:
            print("Repaired (imported with what could be read):")
        for r in report.repairs:
            where = f"line {r.line}: " if r.line else ""
            print(f"  {r.file}: {where}{r.reason}")
        if report.batch_id is not None and (report.created or report.merged or report.restored):
            print(f"Import {report.batch_id} (“{report.category}” in the window's filter). "
                  f"Undo with: crmdesk import --undo {report.batch_id}")
    for p in report.problems:
        if p.whole_file:
            where = f"line {p.line}: " if p.line else ""
            print(f"crmdesk: {p.file}: {where}{p.reason}", file=sys.stderr)


def _list(batches, as_json: bool) -> int:  # noqa: ANN001
    rows = batches.list()
    if as_json:
        json.dump([r.to_json() for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("No imports yet.")
    for r in rows:
        state = f"  undone {r.undone:%Y-%m-%d %H:%M}" if r.undone else ""
        print(f"{r.id:4d}  {r.created:%Y-%m-%d %H:%M}  {r.created_count} created, "
              f"{r.merged_count} merged, {r.skipped_count} skipped, {r.failed_count} failed  "
              f"{', '.join(r.files)}{state}")
    return 0


def _undo(batches, batch_id: int, force: bool, as_json: bool) -> int:  # noqa: ANN001
    from crmdesk.services.importing import UndoError

    try:
        result = batches.undo(batch_id, force=force)
    except UndoError as exc:
        raise CliError(str(exc)) from exc
    if as_json:
        print(json.dumps({"batch": batch_id, **result.to_json()}, ensure_ascii=False))
        return 0
    activities = (f", {result.activities_removed} activities removed"
                  if result.activities_removed else "")
    if result.leads_removed or result.leads_reverted:
        activities += (f", {result.leads_removed} leads removed, {result.leads_reverted} "
                       "leads reverted")
    if result.opportunities_removed or result.quotes_removed:
        activities += (f", {result.opportunities_removed} opportunities and "
                       f"{result.quotes_removed} quotes removed")
    print(f"Import {batch_id} undone: {result.removed} contacts removed, "
          f"{result.reverted} reverted, {result.accounts_removed} accounts removed"
          f"{activities}.")
    _print_kept("Kept as you edited them since ({}):",
                [f"{k.name}: {', '.join(k.fields)}" for k in result.kept_edited],
                [k.kind for k in result.kept_edited])
    _print_kept("Kept because later imports merged into them ({}; undo those imports too "
                "to remove them):",
                [f"{k.name}: import {', '.join(map(str, k.imports))}" for k in result.kept_held],
                [k.kind for k in result.kept_held])
    return 0


def _print_kept(title: str, lines: list[str], kinds: list[str], shown: int = 10) -> None:
    """A heading with the number of contacts and leads (``kinds``: each line's), and the
    first ``shown`` of them."""
    if not lines:
        return
    counts = [f"{n} {kind}" + ("s" if n != 1 else "") for kind in ("contact", "lead")
              if (n := kinds.count(kind))]
    print(title.format(" and ".join(counts)))
    for line in lines[:shown]:
        print(f"  {line}")
    if len(lines) > shown:
        print(f"  … and {len(lines) - shown} more (with --json, the undo lists every one)")
