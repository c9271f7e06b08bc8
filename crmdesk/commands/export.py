"""``crmdesk export``: contacts as vCard or Outlook CSV, or everything as lossless JSON;
activities as JSON or iCalendar."""

from __future__ import annotations

import argparse
import sys

from crmdesk.commands import CliError, open_services

NAME = "export"
HELP = ("export contacts to vCard or Outlook CSV, leads, opportunities, quotes, cases or "
        "campaigns to CSV, everything to JSON, or activities to JSON or iCalendar")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", required=True, choices=("vcard", "csv", "json", "ics"),
                        help="vcard (3.0, UTF-8), csv (Outlook, UTF-8 with BOM), json "
                             "(every field) or ics (iCalendar, with --what activities)")
    parser.add_argument("--out", required=True, metavar="FILE|-",
                        help="file to write, or - for standard output")
    parser.add_argument("--what", default="contacts", metavar="KIND",
                        help="contacts (default), accounts, leads, opportunities, quotes, "
                             "cases, campaigns or all (accounts and all: JSON only), or "
                             "activities (JSON or iCalendar)")
    parser.add_argument("--vcard-version", choices=("3.0", "2.1"), default="3.0",
                        help="2.1 for old Outlook (default: 3.0)")
    parser.add_argument("--search", default="", metavar="TEXT",
                        help="only records matching this search")
    parser.add_argument("--category", default="", metavar="NAME",
                        help="only records in this category")


def run(args: argparse.Namespace) -> int:
    from crmdesk.progress import TerminalProgress
    from crmdesk.services.exporting import ExportError, export
    from crmdesk.services.listing import ListQuery

    services = open_services(args)
    try:
        query = ListQuery(text=args.search, category=args.category)
        out = sys.stdout if args.out == "-" else args.out
        try:
            result = export(services, out, args.format, what=args.what,
                            vcard_version=args.vcard_version, query=query,
                            progress=TerminalProgress("Exporting"))
        except ExportError as exc:
            raise CliError(str(exc)) from exc
        except BrokenPipeError:
            raise  # a reader that closed the pipe early: cli.main ends quietly
        except OSError as exc:
            raise CliError(f"Cannot write {args.out}: {exc.strerror or exc}.") from exc
    finally:
        services.close()
    if args.out != "-":
        print(f"{result.summary()} written to {result.path}", file=sys.stderr)
    return 0
