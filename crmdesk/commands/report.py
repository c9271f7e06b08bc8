"""``crmdesk report pipeline|forecast [--json]``: the figures the pipeline board and the
forecast show, computed by the same service (``services.pipeline``).  Amounts are per
currency, never added across currencies; in JSON they are decimal strings ("1234.50")."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from crmdesk.commands import CliError, bounded_int, open_services

NAME = "report"
HELP = "the pipeline's totals per stage, or the forecast for the next months"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a date (YYYY-MM-DD)") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=("pipeline", "forecast"),
                        help="pipeline: open opportunities per stage; forecast: per month")
    parser.add_argument("--from", dest="close_from", type=_day, metavar="DATE",
                        help="pipeline: only those expected to close on or after DATE")
    parser.add_argument("--to", dest="close_to", type=_day, metavar="DATE",
                        help="pipeline: only those expected to close on or before DATE")
    parser.add_argument("--months", type=bounded_int(1, 60), default=12,
                        help="forecast: how many months, from this one (default 12)")
    parser.add_argument("--today", type=_day, metavar="DATE", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def run(args: argparse.Namespace) -> int:
    from crmdesk.services import pipeline
    from crmdesk.services.money import format_money

    if args.close_from and args.close_to and args.close_to < args.close_from:
        raise CliError("--to is before --from")
    services = open_services(args)
    try:
        if args.what == "pipeline":
            stages = pipeline.pipeline(services.db, args.close_from, args.close_to)
            if args.json:
                return _dump({"stages": [s.as_json() for s in stages]})
            rows = [(s.title, s.currency, f"{s.count:,}", format_money(s.total, ""),
                     format_money(s.weighted, "")) for s in stages]
            _table(("Stage", "Currency", "Count", "Total", "Weighted"), rows,
                   "No open opportunities.")
            return 0
        months = pipeline.forecast(services.db, args.today or date.today(), args.months)
        if args.json:
            return _dump({"months": [m.as_json() for m in months]})
        _table(("Month", "Currency", "Weighted", "Unweighted", "Won"),
               [(m.month, m.currency, format_money(m.weighted, ""),
                 format_money(m.unweighted, ""), format_money(m.won, "")) for m in months],
               f"Nothing is expected to close or was won in the next {args.months} months.")
        return 0
    finally:
        services.close()


def _dump(document: dict) -> int:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], nothing: str) -> None:
    """Columns padded to their widest value; numbers (after the first two) to the right."""
    if not rows:
        sys.stderr.write(nothing + "\n")
        return
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        cells = [c.ljust(w) if i < 2 else c.rjust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")
