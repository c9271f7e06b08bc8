"""Printing a day, week or month agenda and a contact's or account's history: from the
command line and from File > Print."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crmdesk.cli import main
from crmdesk.kinds import RecordRef
from crmdesk.records import (
    AccountRecord,
    ActivityKind,
    ActivityRecord,
    ActivityStatus,
    ContactRecord,
)
from crmdesk.services.activities import Occurrence
from crmdesk.services.printing import agenda_days

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="needs poppler-utils")
CPH = ZoneInfo("Europe/Copenhagen")


def _text(path) -> str:  # noqa: ANN001
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _occurrence(subject: str, start, end, *, kind: str = "appointment",  # noqa: ANN001
                all_day: bool = False) -> Occurrence:
    return Occurrence(activity_id=1, series_id=None, kind=kind, subject=subject, start=start,
                      end=end, all_day=all_day, recurring=False, recurrence_id=None, uid="u",
                      status="open", location="", regarding=None, regarding_name="")


def test_an_agenda_day_lists_all_day_items_then_timed_ones_then_tasks_due() -> None:
    nine = datetime(2026, 12, 8, 9, 0, tzinfo=CPH)
    items = [
        _occurrence("Trade fair", date(2026, 12, 7), date(2026, 12, 9), all_day=True),
        _occurrence("Visit", nine, nine + timedelta(hours=1)),
        _occurrence("Send the quote", nine, nine, kind="task"),
        _occurrence("Night shift", datetime(2026, 12, 9, 22, 0, tzinfo=CPH),
                    datetime(2026, 12, 10, 6, 0, tzinfo=CPH)),
    ]
    days = agenda_days(items, date(2026, 12, 7), date(2026, 12, 12))
    assert [d.day.day for d in days] == [7, 8, 9, 10, 11]
    assert [i.subject for i in days[0].all_day] == ["Trade fair"]
    assert [(i.subject, i.continues) for i in days[1].all_day] == [("Trade fair", True)]
    assert [i.subject for i in days[1].timed] == ["Visit"]
    assert [i.subject for i in days[1].tasks] == ["Send the quote"]
    assert not days[2].all_day  # the fair's end is exclusive
    assert [(i.subject, i.continues) for i in days[3].timed] == [("Night shift", True)]
    assert days[4].empty


@pytest.fixture
def calendar(services, db_url, qapp):
    """A customer with a weekly meeting in Copenhagen, a two-day fair, a task and a call."""
    company = services.accounts.save(AccountRecord(name="Fjord Shipping A/S"))
    person = services.contacts.save(ContactRecord(first_name="Mette", last_name="Holm",
                                                  account_id=company.id))
    regarding = RecordRef("contact", person.id)
    save = services.activities.save
    save(ActivityRecord(subject="Weekly status", start=datetime(2026, 11, 2, 9, 0),
                        end=datetime(2026, 11, 2, 9, 30), tzid="Europe/Copenhagen",
                        rrule="FREQ=WEEKLY;BYDAY=MO", location="Teams",
                        regarding=regarding))
    save(ActivityRecord(subject="Trade fair in Herning", all_day=True,
                        start=datetime(2026, 12, 8), end=datetime(2026, 12, 10),
                        regarding=RecordRef("account", company.id)))
    save(ActivityRecord(kind=ActivityKind.TASK, subject="Send the quote",
                        start=datetime(2026, 12, 9, 16, 0), tzid="Europe/Copenhagen",
                        priority=1, regarding=regarding))
    save(ActivityRecord(kind=ActivityKind.CALL, subject="Follow-up on the quote",
                        start=datetime(2026, 11, 20, 10, 0), end=datetime(2026, 11, 20, 10, 8),
                        tzid="Europe/Copenhagen", status=ActivityStatus.COMPLETED,
                        outcome="Wants a quote", regarding=regarding))
    return db_url, person.id, company.id


@needs_poppler
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_week_agenda_prints_each_day_with_its_meetings_fair_and_tasks(calendar, tmp_path,
                                                                       capsys, paper):
    db_url, *_ = calendar
    out = tmp_path / "week.pdf"
    assert main(["--db", db_url, "--tz", "Europe/Copenhagen", "print", "agenda", "--from",
                 "2026-12-07", "--to", "2026-12-14", "--paper", paper, "--out", str(out)]) == 0
    assert capsys.readouterr().err.endswith("1 page, 4 items\n")
    text = _text(out)
    for day in ("Monday, 7 December 2026", "Sunday, 13 December 2026"):
        assert day in text
    assert "Tuesday, 14 December" not in text
    monday = text[text.index("Monday, 7 December"):text.index("Tuesday, 8 December")]
    assert "09:00–09:30" in monday and "Weekly status" in monday and "Mette Holm" in monday
    assert "Teams" in monday
    tuesday = text[text.index("Tuesday, 8 December"):text.index("Wednesday, 9 December")]
    assert "All day" in tuesday and "Trade fair in Herning" in tuesday
    assert "Fjord Shipping A/S" in tuesday
    wednesday = text[text.index("Wednesday, 9 December"):text.index("Thursday, 10 December")]
    assert "Trade fair in Herning" in wednesday and "Tasks due" in wednesday
    assert "Send the quote" in wednesday and "high priority" in wednesday
    assert "Nothing planned" in text[text.index("Thursday, 10 December"):]


@needs_poppler
def test_a_contacts_history_prints_newest_first(calendar, tmp_path, capsys):
    db_url, person, company = calendar
    out = tmp_path / "history.pdf"
    assert main(["--db", db_url, "print", "history", f"contact:{person}", "--out",
                 str(out)]) == 0
    assert capsys.readouterr().err.endswith("1 page, 3 activities\n")
    text = _text(out)
    assert "Mette Holm" in text
    assert text.index("Send the quote") < text.index("Follow-up on the quote") < text.index(
        "Weekly status (repeats)")
    assert "2026" in text.splitlines()[0]  # the years it covers, as the running header
    call = next(line for line in text.splitlines() if "Follow-up on the quote" in line)
    assert "Call" in call and "done" in call and "2026-11-20 09:00" in call  # shown in UTC
    out = tmp_path / "account.pdf"
    assert main(["--db", db_url, "print", "history", f"account:{company}", "--out",
                 str(out)]) == 0
    account = _text(out)
    assert "Trade fair in Herning" in account and "Send the quote" in account  # its people's


@pytest.mark.parametrize(("args", "message"), [
    (["agenda", "--from", "2026-12-10", "--to", "2026-12-01"], "before its first"),
    (["agenda", "--from", "10.12.2026"], "is not a date"),
    (["agenda", "--from", "2026-01-01", "--to", "2028-01-01"], "at most 366 days"),
    (["agenda", "--search", "holm"], "do not go with the agenda"),
    (["history"], "Say whose history"),
    (["history", "contact:999"], "There is no contact 999"),
    (["history", "lead:1"], "lead"),
    (["phone-list", "contact:1"], "only the history and quote styles"),
    (["phone-list", "--from", "2026-12-01"], "only go with the agenda"),
])
def test_agenda_and_history_mistakes_get_a_sentence(calendar, tmp_path, capsys, args, message):
    db_url, *_ = calendar
    assert main(["--db", db_url, "print", *args, "--out", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_file_print_offers_the_agenda_of_a_day_week_or_month(qtbot, calendar, services,
                                                             tmp_path):
    from tests.printing.test_print_dialog import FakeMessages, choose, make_dialog

    _, person, _ = calendar
    out = tmp_path / "month.pdf"
    dialog = make_dialog(qtbot, services, FakeMessages(save_to=str(out)),
                         selected_ids=[person])
    assert dialog.style_box.findData("history") >= 0
    assert not dialog.span_box.isEnabled()
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        choose(dialog.style_box, "agenda")
    assert dialog.span_box.isEnabled() and not dialog.scope_box.isEnabled()
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        dialog.day_box.setDate(date(2026, 12, 9))
    assert dialog.options().first_day == date(2026, 12, 7)  # the week from its Monday
    assert dialog.prepared.count == (4, "items")
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        choose(dialog.span_box, "month")
    assert (dialog.options().first_day, dialog.options().end_day) == (date(2026, 12, 1),
                                                                      date(2027, 1, 1))
    assert dialog.prepared.count[0] == 4 + 3  # and the 14th, 21st and 28th: Mondays
    assert dialog.page_count == 2
    assert dialog.save_pdf() == str(out) and out.read_bytes().startswith(b"%PDF")
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        choose(dialog.style_box, "history")
    assert dialog.prepared.count == (3, "activities")


def test_history_is_offered_only_for_one_selected_record(qtbot, calendar, services):
    from tests.printing.test_print_dialog import FakeMessages, make_dialog

    _, person, company = calendar
    none = make_dialog(qtbot, services, FakeMessages())
    assert none.style_box.findData("history") < 0 and none.style_box.findData("agenda") >= 0
    accounts = make_dialog(qtbot, services, FakeMessages(), kind="accounts",
                           selected_ids=[company])
    assert accounts.history_of() == RecordRef("account", company)
