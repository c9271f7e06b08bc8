"""How long a customer's History takes to show on the card: 2,000 activities regarding one
contact (and 200 repeating), the service's query and the History tab's reload.

    .venv/bin/python benchmarks/bench_history.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crmdesk.kinds import RecordRef  # noqa: E402
from crmdesk.models.activity import Activity  # noqa: E402
from crmdesk.records import ActivityKind, ActivityRecord, ContactRecord  # noqa: E402
from crmdesk.services.wiring import Services  # noqa: E402
from crmdesk.settings import Settings  # noqa: E402

ACTIVITIES = 2_000


def best_ms(work, rounds: int = 7) -> float:  # noqa: ANN001
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        work()
        times.append((time.perf_counter() - began) * 1000)
    return min(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="crmdesk-bench-history-"))
    services = Services.open("sqlite:///" + str(folder / "history.db"), Settings())
    contact = services.contacts.save(ContactRecord(first_name="Anna", last_name="Berg"))
    ref = RecordRef("contact", contact.id)
    kinds = list(ActivityKind)
    start = datetime(2020, 1, 6, 9)
    with services.db.writing() as session:
        for i in range(ACTIVITIES):
            when = start + timedelta(hours=19 * i)
            row = Activity(uid=f"bench-{i}@crmdesk")
            session.add(row)
            services.activities.apply(session, row, ActivityRecord(
                kind=kinds[i % 4], subject=f"Activity {i}", start=when,
                end=when + timedelta(hours=1), tzid="Europe/Copenhagen",
                rrule="FREQ=WEEKLY;COUNT=10" if i % 10 == 0 else "", regarding=ref))
    query = best_ms(lambda: services.activities.history(ref))
    print(f"history() of {ACTIVITIES:,} activities: {query:.1f} ms")

    from crmdesk.ui.activities.actions import ActivityActions
    from crmdesk.ui.activities.history import HistoryPanel
    from crmdesk.ui.app import application
    from crmdesk.ui.messages import Messages

    application()
    panel = HistoryPanel(services, ActivityActions(services, None, lambda: None,  # type: ignore[arg-type]
                                                   lambda: Messages()))
    panel.resize(600, 500)
    panel.show()
    panel.show_ref(ref)
    shown = best_ms(panel.reload)
    print(f"History tab as it opens (the newest lines): {shown:.1f} ms, "
          f"{panel.model.rowCount():,} lines")
    every = best_ms(panel.show_all)
    print(f"History tab, Show all: {every:.1f} ms, {panel.model.rowCount():,} lines")
    services.close()


if __name__ == "__main__":
    main()
