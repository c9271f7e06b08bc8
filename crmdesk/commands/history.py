"""``crmdesk history KIND:ID [--kind K] [--json]``: every activity regarding a record, newest
first (for an account, also its contacts')."""

from __future__ import annotations

import argparse

from crmdesk.commands import CliError, open_services
from crmdesk.commands.agenda import add_zone_argument, regarding_ref, show
from crmdesk.records import ActivityKind

NAME = "history"
HELP = "list the activities regarding a contact or an account, newest first"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("record", metavar="KIND:ID", help="the record, e.g. contact:42")
    parser.add_argument("--kind", action="append", choices=[k.value for k in ActivityKind],
                        help="only this kind (may be given more than once)")
    add_zone_argument(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def run(args: argparse.Namespace) -> int:
    from crmdesk.services.activities import ActivityError

    ref = regarding_ref(args.record)
    services = open_services(args)
    try:
        try:
            services.activities.regarded_name(ref)
        except ActivityError as exc:
            raise CliError(str(exc).rstrip(".")) from None
        items = services.activities.history(ref, kinds=args.kind)
    finally:
        services.close()
    return show(items, args.json, f"No activities regard {ref}.")
