"""Two people at two computers open a case at the same moment: each case still gets a
ticket number of its own, and none is skipped or handed out twice."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from crmdesk.records import CaseRecord
from crmdesk.services import tickets

REPO = Path(__file__).resolve().parents[2]
RACE = Path(__file__).with_name("ticket_race.py")
PER_PROCESS = 25


def race(url: str, tmp_path: Path) -> list[str]:
    """Two real processes saving PER_PROCESS cases each, started together; every ticket
    number they were given."""
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runners = [subprocess.Popen([sys.executable, str(RACE), url, str(go), str(PER_PROCESS)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env) for _ in range(2)]
    go.touch()
    numbers = []
    for runner in runners:
        out, err = runner.communicate(timeout=120)
        assert runner.returncode == 0, err
        numbers += out.split()
    return numbers


def check_race(services, url: str, tmp_path: Path) -> None:
    services.cases.save(CaseRecord(title="Before the race"))  # the year's counter exists
    numbers = race(url, tmp_path)
    year = date.today().year
    assert len(numbers) == 2 * PER_PROCESS
    assert sorted(numbers) == [tickets.format_ticket(year, n)
                               for n in range(2, 2 * PER_PROCESS + 2)]


def test_two_processes_creating_cases_at_once_never_share_a_number(services, db_url,
                                                                   tmp_path) -> None:
    check_race(services, db_url, tmp_path)


def test_a_ticket_number_reads_as_year_and_counter() -> None:
    assert tickets.format_ticket(2026, 42) == "CAS-2026-00042"
    assert tickets.parse_ticket("CAS-2026-00042") == (2026, 42)
    assert tickets.parse_ticket("CAS-2026-123456") == (2026, 123456)  # past 99,999
    assert tickets.parse_ticket("Q-2026-0001") is None
