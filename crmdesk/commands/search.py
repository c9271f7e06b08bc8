"""``crmdesk search TEXT [--json] [--limit N]``: find contacts and accounts."""

from __future__ import annotations

import argparse
import json
import sys

from crmdesk.commands import bounded_int, open_services

NAME = "search"
HELP = "find contacts and accounts"
MAX_LIMIT = 1_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", help="any word prefix of a name, company, e-mail, phone, "
                                     "city or note")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--limit", type=bounded_int(1, MAX_LIMIT), default=50, metavar="N",
                        help="at most N results (default: 50)")


def run(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        hits = services.search.search(args.text, limit=args.limit)
    finally:
        services.close()
    if args.json:
        json.dump([h.as_dict() for h in hits], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for h in hits:
        company = h.company if h.kind == "contact" else ""
        extra = " · ".join(v for v in (company, h.city, next(iter(h.phones), ""),
                                       next(iter(h.emails), "")) if v)
        print(f"{h.kind:<7} {h.id:>7}  {h.display_name}" + (f"  ({extra})" if extra else ""))
    if not hits:
        print(f"Nothing matches “{args.text}”.", file=sys.stderr)
    return 0
