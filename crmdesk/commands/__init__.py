"""Sub-commands of the ``crmdesk`` command line, one module each.

A command module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; ``crmdesk.cli`` lists them in ``COMMAND_MODULES``.
Modules import services and Qt lazily inside ``run`` so ``crmdesk --help``
and ``crmdesk search`` stay fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


class CliError(Exception):
    """A problem to report as one sentence on stderr with exit status 2."""


def open_services(args: argparse.Namespace, settings=None, *,  # noqa: ANN001, ANN201 - lazily
                  create: bool = False):
    """The services (``wiring.Services``) on the database the command line chose
    (``args.database``), with these ``settings.Settings`` (default: loaded from the
    config folder).

    Only commands that write pass ``create``: a read never makes a database file, and
    a write first brings the lists' sort keys to the settings' language
    (``services.sort_keys``), so what it adds sorts with what is there.  A write that
    waits for another writer says so on stderr."""
    from crmdesk.services import sort_keys
    from crmdesk.services.wiring import Services

    services = Services.open(args.database.url, settings, create=create)
    services.db.on_wait = note_waiting
    if create:
        try:
            sort_keys.ensure(services.db, services.settings.phone_region)
        except BaseException:
            services.close()
            raise
    return services


def note_waiting() -> None:
    """Say on stderr that a write waits for another writer."""
    import sys

    # sys.stderr.write, not print: in this package, ``print`` is the print command's module
    sys.stderr.write("crmdesk: waiting for the database: another program is writing to it…\n")
    sys.stderr.flush()


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, else a sentence."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip().replace("_", ""), 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"give a number from {low:,} to {high:,}")
        return value

    parse.__name__ = "number"
    return parse


def bounded_float(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a finite number from ``low`` to ``high``, else a sentence."""

    def parse(text: str) -> float:
        try:
            value = float(text.strip().replace(",", "."))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number") from None
        if not low <= value <= high:  # also refuses nan and inf
            raise argparse.ArgumentTypeError(f"give a number from {low:g} to {high:g}")
        return value

    parse.__name__ = "number"
    return parse
