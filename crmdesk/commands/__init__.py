"""Sub-commands of the ``crmdesk`` command line, one module each.

A command module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; ``crmdesk.cli`` lists them in ``COMMAND_MODULES``.
Modules import services and Qt lazily inside ``run`` so ``crmdesk --help``
and ``crmdesk search`` stay fast.
"""

from __future__ import annotations

import argparse


class CliError(Exception):
    """A problem to report as one sentence on stderr with exit status 2."""


def open_services(args: argparse.Namespace, settings=None):  # noqa: ANN001, ANN201 - lazily
    """The services (``wiring.Services``) on the database chosen by --db / CRMDESK_DB / the
    default, with these ``settings.Settings`` (default: loaded from the config folder)."""
    from crmdesk import config
    from crmdesk.services.wiring import Services

    return Services.open(config.resolve_db_url(args.db), settings)
