"""``crmdesk demo --contacts N``: fill an empty database with realistic demo data."""

from __future__ import annotations

import argparse
import sys

from crmdesk.commands import bounded_int, open_services

NAME = "demo"
HELP = "fill an empty database with realistic demo data"
#: Ten times the largest Rolodex crmdesk is measured with; about ten minutes to make.
MAX_CONTACTS = 1_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--contacts", type=bounded_int(0, MAX_CONTACTS), default=300, metavar="N",
                        help="how many contacts (accounts: about a fifth); 0 only creates the "
                             "empty, migrated database (default: 300)")
    parser.add_argument("--seed", type=bounded_int(0, 2**63 - 1), default=20261126,
                        help="random seed; the same N and seed give the same data")


def run(args: argparse.Namespace) -> int:
    from crmdesk.progress import TerminalProgress
    from crmdesk.services import demo

    services = open_services(args, create=True)
    try:
        demo.fill(services, args.contacts, seed=args.seed,
                  progress=TerminalProgress("Creating demo data"))
        accounts = services.accounts.count()
        leads, opportunities = services.leads.count(), services.opportunities.count()
        cases, campaigns = services.cases.count(), services.campaigns.count()
        where = services.db.url
    except demo.DemoError as exc:
        from crmdesk.commands import CliError

        raise CliError(str(exc)) from exc
    finally:
        services.close()
    print(f"{args.contacts} contacts, {accounts} accounts, {leads} leads, {opportunities} "
          f"opportunities, {cases} cases and {campaigns} campaigns in {where}",
          file=sys.stderr)
    return 0
