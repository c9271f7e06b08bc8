"""Helper for the ticket-number race tests: ``python tests/core/ticket_race.py URL GO N``
waits until the file GO exists, then saves N cases on URL and prints their numbers.
Two of these at once are two crmdesk programs creating cases at the same moment."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from crmdesk.records import CaseRecord
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings


def main(url: str, go: str, count: int) -> None:
    services = Services.open(url, Settings(default_region="DK"), create=False)
    services.db.write_wait = 60
    try:
        while not Path(go).exists():
            time.sleep(0.005)
        for n in range(count):
            saved = services.cases.save(CaseRecord(title=f"Race {n}"))
            print(saved.ticket_number, flush=True)
    finally:
        services.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
