"""``crmdesk duplicates``: list groups of contacts that are likely the same person."""

from __future__ import annotations

import argparse
import json
import sys

from crmdesk.commands import open_services

NAME = "duplicates"
HELP = "list likely duplicate contacts (same e-mail, phone, or name within a company)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the groups as JSON")


def run(args: argparse.Namespace) -> int:
    from crmdesk.services.duplicates import find_duplicates

    services = open_services(args)
    try:
        groups = find_duplicates(services.db)
    finally:
        services.close()
    _print(groups, args.json)
    return 0


def _print(groups: list, as_json: bool) -> None:
    if as_json:
        json.dump([g.to_json() for g in groups], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if not groups:
        print("No likely duplicates.")
    for g in groups:
        people = "; ".join(f"{name} (#{i})" for i, name in zip(g.ids, g.names, strict=True))
        print(f"{people}  [{', '.join(g.reasons)}]")
