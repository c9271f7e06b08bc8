"""Figures for the sales pages at 100,000 contacts and 50,000 opportunities.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.bench_sales_views [--fresh] [--runs 7]

Builds benchmarks/data/sales-100k.db once: ``crmdesk demo --contacts 100000``, then
50,000 open opportunities for its contacts and accounts (spread over the stages and
the next 15 months, a few in euro) and 5,000 won or lost over the past year, each
stored through ``OpportunityService.create`` as a save stores it.  Then prints, against
the issue's targets, the median time in-process of: the Pipeline board read and painted
(each close-date range), the Forecast page read and painted, and the Opportunities list
opened.  A benchmark, not a test: it prints, it does not judge.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
CONTACTS = 100_000
OPEN = 50_000
CLOSED = 5_000
BOARD_TARGET_MS = FORECAST_TARGET_MS = 300
LIST_TARGET_MS = 100


def build(path: Path) -> None:
    subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(path), "demo",
                    "--contacts", str(CONTACTS)], check=True, stderr=subprocess.DEVNULL)
    from sqlalchemy import select

    from crmdesk.kinds import RecordRef
    from crmdesk.models import Account, Contact
    from crmdesk.records import OpportunityRecord
    from crmdesk.services.wiring import Services

    services = Services.open(f"sqlite:///{path}")
    stages = [stage.key for stage in services.stages.list(active_only=True)]
    rng = random.Random(15)
    today = date.today()
    with services.db.sessions() as session:
        customers = ([RecordRef("account", i) for i in session.scalars(select(Account.id))]
                     + [RecordRef("contact", i) for i in
                        session.scalars(select(Contact.id).limit(20_000))])
    products = ("Service agreement", "Fleet renewal", "Licences", "Installation",
                "Spare parts", "Training", "Upgrade", "Support plan")
    with services.db.writing() as session:
        ids = [services.opportunities.create(session, OpportunityRecord(
            topic=f"{rng.choice(products)} {n}", customer=rng.choice(customers),
            stage=rng.choice(stages), estimated_revenue=Decimal(rng.randrange(5, 2_000)) * 500,
            currency="EUR" if n % 10 == 0 else "DKK",
            estimated_close_date=today + timedelta(days=rng.randrange(-30, 450))))
            for n in range(OPEN + CLOSED)]
    for n, opportunity_id in enumerate(ids[OPEN:]):
        closed_on = today - timedelta(days=rng.randrange(0, 365))
        if n % 3:
            services.opportunities.win(opportunity_id, Decimal(rng.randrange(5, 2_000)) * 450,
                                       closed_on)
        else:
            services.opportunities.lose(opportunity_id, "Price")
    services.close()


def median_ms(act: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        act()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000, max(times) * 1000


def verdict(ms: float, target: float) -> str:
    return f"target {target:.0f} ms: {'met' if ms <= target else 'MISSED'}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = tempfile.mkdtemp(prefix="crmdesk-bench-")  # the window's settings go here
    os.environ["XDG_CONFIG_HOME"] = scratch + "/config"
    os.environ["XDG_DATA_HOME"] = scratch + "/data"
    DATA.mkdir(exist_ok=True)
    path = DATA / "sales-100k.db"
    if args.fresh or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        began = time.perf_counter()
        build(path)
        print(f"built {path.name}: {CONTACTS:,} contacts, {OPEN:,} open and {CLOSED:,} "
              f"closed opportunities, {time.perf_counter() - began:.0f} s")

    from crmdesk.services.wiring import Services
    from crmdesk.ui.app import application
    from crmdesk.ui.messages import Messages
    from crmdesk.ui.sales.forecast_view import ForecastView
    from crmdesk.ui.sales.pipeline_board import PipelineBoard
    from crmdesk.ui.tasks import Tasks

    app = application()
    services = Services.open(f"sqlite:///{path}", create=False)
    print(f"{services.contacts.count():,} contacts, "
          f"{services.opportunities.count():,} opportunities")

    board = PipelineBoard(services, Messages(), Tasks())
    board.resize(1280, 800)
    board.show()
    app.processEvents()
    for choice in ("all", "year", "quarter", "month"):
        board.filter.choose(choice)

        def render() -> None:
            board.load()
            board.grab()

        ms, worst = median_ms(render, args.runs)
        shown = sum(len(c.cards.cards.cards) for c in board.columns.values())
        print(f"pipeline board, {choice:8}: {ms:6.1f} ms (max {worst:6.1f}), {shown} cards "
              f"shown of {board.summary.text()}; {verdict(ms, BOARD_TARGET_MS)}")
    board.close()

    forecast = ForecastView(services, Messages(), Tasks())
    forecast.resize(1280, 800)
    forecast.show()
    app.processEvents()

    def render_forecast() -> None:
        forecast.load()
        forecast.grab()

    ms, worst = median_ms(render_forecast, args.runs)
    print(f"forecast page:           {ms:6.1f} ms (max {worst:6.1f}); "
          f"{verdict(ms, FORECAST_TARGET_MS)}")
    forecast.close()

    from crmdesk.kinds import resolve
    from crmdesk.kinds.sales import OPPORTUNITY

    try:
        view_class = resolve(OPPORTUNITY.view)
    except ImportError:  # the list view comes with the opportunities' own widgets
        print(f"opportunities list open:  not timed: {OPPORTUNITY.view} is not in this "
              "checkout")
    else:
        def open_list() -> None:
            view = view_class(services, Messages(), Tasks())
            view.resize(1280, 800)
            view.show()
            app.processEvents()
            view.close()
            view.deleteLater()

        ms, worst = median_ms(open_list, args.runs)
        print(f"opportunities list open: {ms:6.1f} ms (max {worst:6.1f}); "
              f"{verdict(ms, LIST_TARGET_MS)}")
    services.close()
    sys.exit(0)


if __name__ == "__main__":
    main()
