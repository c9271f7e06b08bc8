"""``crmdesk report pipeline|forecast|cases|campaigns|dashboard [--json]``: the figures
the pipeline board, the forecast and the dashboard show, computed by the same services
(``services.pipeline``, ``services.dashboard``).  Amounts are per currency, never added
across currencies; in JSON they are decimal strings ("1234.50")."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING

from crmdesk.commands import CliError, bounded_int, open_services

if TYPE_CHECKING:
    from crmdesk.services.campaigns import CampaignResults
    from crmdesk.services.dashboard import OpenCases
    from crmdesk.services.wiring import Services

NAME = "report"
HELP = ("the pipeline's totals per stage, the forecast, open cases, campaign results, or "
        "all the dashboard shows")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a date (YYYY-MM-DD)") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=("pipeline", "forecast", "cases", "campaigns",
                                         "dashboard"),
                        help="pipeline: open opportunities per stage; forecast: per month; "
                             "cases: open cases by priority and age; campaigns: each "
                             "campaign's results; dashboard: all of these")
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
        if args.what in ("cases", "campaigns", "dashboard"):
            return _service_report(services, args)
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


def _service_report(services: Services, args: argparse.Namespace) -> int:
    from crmdesk.services import dashboard

    today = args.today or date.today()
    if args.what == "cases":
        cases = dashboard.open_cases(services, today)
        if args.json:
            return _dump(cases.as_json())
        _print_cases(cases)
        return 0
    if args.what == "campaigns":
        results = services.campaigns.all_results()
        if args.json:
            return _dump({"campaigns": [r.as_json() for r in results]})
        _print_campaigns(results)
        return 0
    board = dashboard.dashboard(services, today)
    if args.json:
        return _dump(board.as_json())
    _print_cases(board.open_cases)
    sys.stdout.write("\n")
    _print_campaigns(board.campaigns)
    return 0


def _print_cases(cases: OpenCases) -> None:
    sys.stdout.write(f"Open cases: {cases.open:,}\n")
    _table(("Priority", "", "Open"), [(p, "", f"{n:,}") for p, n in cases.by_priority.items()],
           "")
    _table(("Age (days)", "", "Open"), [(a, "", f"{n:,}") for a, n in cases.by_age.items()],
           "")


def _print_campaigns(results: list[CampaignResults]) -> None:
    from crmdesk.services.money import format_money

    rows = [(r.name, r.currency, f"{r.members:,}", f"{r.responses:,}",
             "" if r.response_rate is None else f"{r.response_rate} %", f"{r.leads:,}",
             f"{r.opportunities:,}",
             ", ".join(f"{format_money(v, '')} {c}" for c, v in r.won_revenue.items()),
             "" if r.actual_cost is None else format_money(r.actual_cost, ""),
             "" if r.roi is None else f"{r.roi * 100:.1f} %") for r in results]
    _table(("Campaign", "Currency", "Members", "Responses", "Rate", "Leads", "Opps", "Won",
            "Cost", "ROI"), rows, "No campaigns.")


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
