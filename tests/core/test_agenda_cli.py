"""A script asks what is on this week, and a customer's history, from the command line."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from conftest import make_contact

from crmdesk.cli import main
from crmdesk.kinds import RecordRef
from crmdesk.records import ActivityKind, ActivityRecord
from crmdesk.services.wiring import Services
from crmdesk.timezones import override


@pytest.fixture
def calendar(tmp_path):
    path = tmp_path / "cal.db"
    services = Services.open(f"sqlite:///{path}")
    anna = services.contacts.save(make_contact("Anna", "Berg"))
    services.activities.save(ActivityRecord(
        subject="Pipeline review", start=datetime(2026, 12, 7, 9), end=datetime(2026, 12, 7, 10),
        tzid="Europe/Copenhagen", rrule="FREQ=WEEKLY;BYDAY=MO",
        regarding=RecordRef("contact", anna.id)))
    services.activities.save(ActivityRecord(subject="Christmas", all_day=True,
                                            start=datetime(2026, 12, 24),
                                            end=datetime(2026, 12, 25)))
    services.activities.save(ActivityRecord(kind=ActivityKind.CALL, subject="Intro call",
                                            start=datetime(2026, 11, 2, 14),
                                            regarding=RecordRef("contact", anna.id)))
    services.close()
    yield str(path), anna.id
    override(None)


def run(capsys, *args: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_agenda_json_lists_each_occurrence_in_the_zone_asked_for(calendar, capsys) -> None:
    db, anna = calendar
    code, out, _ = run(capsys, "--db", db, "agenda", "--from", "2026-12-07", "--to",
                       "2026-12-26", "--tz", "America/New_York", "--json")
    assert code == 0
    items = json.loads(out)
    assert [(i["subject"], i["start"]) for i in items] == [
        ("Pipeline review", "2026-12-07T03:00:00-05:00"),
        ("Pipeline review", "2026-12-14T03:00:00-05:00"),
        ("Pipeline review", "2026-12-21T03:00:00-05:00"),
        ("Christmas", "2026-12-24")]
    first, christmas = items[0], items[-1]
    assert first["recurring"] and first["recurrence_id"] == first["start"]
    assert first["regarding"] == {"kind": "contact", "id": anna, "name": "Anna Berg"}
    assert first["uid"] and first["status"] == "open" and first["kind"] == "appointment"
    assert christmas == christmas | {"end": "2026-12-25", "all_day": True, "recurring": False,
                                     "recurrence_id": None, "regarding": None}


def test_agenda_by_kind_and_regarding(calendar, capsys) -> None:
    db, anna = calendar
    code, out, _ = run(capsys, "--db", db, "--tz", "Europe/Copenhagen", "agenda", "--from",
                       "2026-11-01", "--to", "2026-11-30", "--kind", "call", "--regarding",
                       f"contact:{anna}")
    assert code == 0
    assert out.splitlines() == ["Mon 2026-11-02 14:00  Intro call  (call, Anna Berg)"]


def test_history_newest_first(calendar, capsys) -> None:
    db, anna = calendar
    code, out, _ = run(capsys, "--db", db, "history", f"contact:{anna}", "--json")
    assert code == 0
    assert [i["subject"] for i in json.loads(out)] == ["Pipeline review", "Intro call"]


@pytest.mark.parametrize(("args", "says"), [
    (["agenda", "--tz", "Mars/Olympus"], "“Mars/Olympus” is not a time zone"),
    (["agenda", "--from", "next tuesday"], "--from 'next tuesday' is not a date"),
    (["agenda", "--from", "2026-12-10", "--to", "2026-12-01"], "--to is before --from"),
    (["history", "contact:999"], "There is no contact 999"),
    (["history", "ticket:1"], "There is no kind of record called “ticket”"),
    (["history", "case:1"], "There is no case 1"),
])
def test_bad_arguments_are_one_sentence(calendar, capsys, args, says) -> None:
    db, _ = calendar
    code, out, err = run(capsys, "--db", db, *args)
    assert code == 2 and out == ""
    assert err.startswith("crmdesk: ") and says in err and "Traceback" not in err
