"""A salesperson's whole pipeline leaves as JSON and comes back into an empty database
as it was: every field of every lead, opportunity, quote, product and stage, every
activity, and every link between them and to the contacts and accounts; undoing that
restore empties the database again; and the pipeline leaves as CSV a spreadsheet
reads."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crmdesk.kinds import RecordRef
from crmdesk.records import (
    AccountRecord,
    ActivityKind,
    ActivityRecord,
    ActivityStatus,
    ContactRecord,
    LeadRating,
    LeadRecord,
    LeadSource,
    OpportunityRecord,
    ParticipantEntry,
    ProductRecord,
    QuoteLineRecord,
    QuoteRecord,
    Relationship,
    StageRecord,
)
from crmdesk.services.exporting import ExportError, export
from crmdesk.services.importing import UndoConflict, services_for
from crmdesk.services.leads import OpportunitySeed, QualifyChoice
from crmdesk.services.listing import ListQuery
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings


def _second(tmp_path: Path, name: str) -> Services:
    return Services.open("sqlite:///" + str(tmp_path / name), Settings(default_region="DK"))


def _pipeline(services: Services) -> dict[str, int]:
    """A small but complete pipeline: edited stages, two products, a qualified lead (with
    the account, contact and opportunity it became), a disqualified one, an open
    opportunity with competitors and a quote, one won and one lost to a competitor."""
    stages = services.stages.list()
    services.stages.save([replace(stages[0], probability=15), *stages[1:],
                          StageRecord("Verbal yes", 95)])
    rival = services.accounts.save(AccountRecord(name="Rival A/S",
                                                 relationships=[Relationship.COMPETITOR]))
    other = services.accounts.save(AccountRecord(name="Other Rival ApS",
                                                 relationships=[Relationship.COMPETITOR]))
    licence = services.products.save(ProductRecord(name="Licence", code="LIC-1",
                                                   unit_price=Decimal("1200.50"),
                                                   currency="DKK", vat_rate=Decimal(25)))
    services.products.save(ProductRecord(name="Support hour", code="SUP",
                                         unit_price=Decimal("950"), currency="DKK",
                                         vat_rate=Decimal(25), active=False))
    lead = services.leads.save(LeadRecord(
        first_name="Jonas", last_name="Lund", company="Lund & Co ApS", email="jonas@lund.dk",
        city="Odense", rating=LeadRating.HOT, source=LeadSource.TRADE_SHOW,
        estimated_value=Decimal("80000.25"), notes="Met at the fair"))
    won = services.leads.qualify(lead.id, QualifyChoice(opportunity=OpportunitySeed(
        "Cloud backup for 40 seats", estimated_close_date=date(2027, 2, 1))))
    cold = services.leads.save(LeadRecord(first_name="Ida", last_name="Holm",
                                          rating=LeadRating.COLD, source=LeadSource.WEB))
    services.leads.disqualify(cold.id, "No budget this year")
    services.leads.save(LeadRecord(first_name="Per", last_name="Berg", currency="EUR",
                                   estimated_value=Decimal("0.1234")))
    customer = RecordRef("account", won.account.id)
    big = services.opportunities.save(OpportunityRecord(
        topic="Datacentre move", customer=customer, stage="proposal",
        estimated_revenue=Decimal("250000.00"), currency="DKK",
        estimated_close_date=date(2026, 12, 15), competitors=[rival.id, other.id],
        probability=60, probability_overridden=True, notes="Board meets in Dec"))
    services.quotes.save(QuoteRecord(
        opportunity_id=big.id, title="Move, phase 1", issued=date(2026, 11, 1),
        valid_until=date(2026, 12, 1), follows_opportunity=True, lines=[
            QuoteLineRecord("Licence", Decimal(3), Decimal("1200.50"), Decimal(10),
                            Decimal(25), licence.id),
            QuoteLineRecord("Travel", Decimal("1.5"), Decimal("333.33"), Decimal(0),
                            Decimal(0))]))
    person = RecordRef("contact", won.contact.id)
    gained = services.opportunities.save(OpportunityRecord(
        topic="Training", customer=person, stage="closing",
        estimated_revenue=Decimal("12000"), currency="EUR"))
    services.opportunities.win(gained.id, Decimal("11500.50"), date(2026, 10, 2))
    gone = services.opportunities.save(OpportunityRecord(
        topic="Printers", customer=customer, stage="negotiation",
        estimated_revenue=Decimal("40000"), currency="DKK"))
    services.opportunities.lose(gone.id, "Price", rival.id, date(2026, 9, 30))
    return {"big": big.id}


def _everything(services: Services) -> dict[str, list]:
    """Every sales record, whole, in id order."""
    with services.db.sessions() as session:
        from crmdesk.models import Quote

        quote_ids = list(session.scalars(Quote.__table__.select().with_only_columns(
            Quote.id).order_by(Quote.id)))
    return {
        "stages": services.stages.list(),
        "products": sorted(services.products.list(), key=lambda p: p.id),
        "leads": [services.leads.get(i) for i in sorted(services.leads.ids(ListQuery()))],
        "opportunities": [services.opportunities.get(i) for i in
                          sorted(services.opportunities.ids(ListQuery()))],
        "quotes": [services.quotes.get(i) for i in quote_ids],
    }


def _comparable(services: Services) -> dict[str, list]:
    """Every sales record, every field, with no version, and the contacts and accounts it
    names by their names (a restore gives the parties new ids; the sales records keep
    theirs in an empty database)."""
    def account(aid: int | None) -> str | None:
        return services.accounts.get(aid).name if aid is not None else None

    def contact(cid: int | None) -> str | None:
        return services.contacts.get(cid).last_name if cid is not None else None

    def party(ref: RecordRef | None) -> tuple[str, str | None] | None:
        if ref is None:
            return None
        return ref.kind, account(ref.id) if ref.kind == "account" else contact(ref.id)

    records = _everything(services)
    return {
        **records,
        "products": [replace(p, version=None) for p in records["products"]],
        "leads": [(replace(r, version=None, qualified_account_id=None,
                           qualified_contact_id=None), account(r.qualified_account_id),
                   contact(r.qualified_contact_id)) for r in records["leads"]],
        "opportunities": [(replace(r, version=None, customer=None, competitors=[],
                                   lost_to_id=None), party(r.customer),
                           sorted(map(account, r.competitors)), account(r.lost_to_id))
                          for r in records["opportunities"]],
        "quotes": [replace(q, version=None) for q in records["quotes"]],
    }


def test_a_whole_json_export_restores_every_sales_record_and_link(services, tmp_path) -> None:
    _pipeline(services)
    out = tmp_path / "all.json"
    result = export(services, str(out), "json", what="all")
    assert (result.leads, result.opportunities, result.quotes) == (3, 4, 1)
    doc = json.loads(out.read_text(encoding="utf-8"))
    big = next(o for o in doc["opportunities"] if o["topic"] == "Datacentre move")
    assert big["estimated_revenue"] == "3741.35" and big["currency"] == "DKK"  # follows
    assert big["customer"]["kind"] == "account" and big["status"] == "open"
    assert big["stage"] == "proposal" and big["probability"] == 60
    won = next(o for o in doc["opportunities"] if o["status"] == "won")
    assert won["actual_revenue"] == "11500.50" and won["estimated_close_date"] is None
    jonas = next(lead for lead in doc["leads"] if lead["first_name"] == "Jonas")
    assert {r["kind"] for r in jonas["qualified_into"]} == {"account", "contact",
                                                             "opportunity"}
    assert (jonas["status"], jonas["rating"], jonas["source"]) == ("qualified", "hot",
                                                                   "trade_show")
    other = _second(tmp_path, "restored.db")
    try:
        report = services_for(other)[0].run([str(out)])
        assert report.failed == 0, report.problems
        assert report.restored == {"stage": 6, "product": 2, "lead": 3, "opportunity": 4,
                                   "quote": 1}
        assert _comparable(other) == _comparable(services)
        got = other.opportunities.get(big["id"])
        assert got.customer is not None and other.accounts.get(got.customer.id).name == (
            "Lund & Co ApS")
        assert sorted(other.accounts.get(a).name for a in got.competitors) == [
            "Other Rival ApS", "Rival A/S"]
        lead = other.leads.get(jonas["id"])
        assert other.contacts.get(lead.qualified_contact_id).first_name == "Jonas"
        assert other.opportunities.get(lead.qualified_opportunity_id).lead_id == lead.id
        assert [s.title for s in other.stages.list()][-1] == "Verbal yes"
        assert other.leads.count(ListQuery(text="fair")) == 1  # the search index too
        again = services_for(other)[0].run([str(out)])  # a second restore changes nothing
        assert again.restored == {"stage": 6} and again.failed == 0
        assert _comparable(other) == _comparable(services)
        assert other.opportunities.count(ListQuery()) == 4
    finally:
        other.close()


def test_each_sales_kind_exports_alone_as_json_and_as_csv(services, tmp_path) -> None:
    ids = _pipeline(services)
    buf = io.StringIO()
    export(services, buf, "json", what="quotes")
    doc = json.loads(buf.getvalue())
    assert set(doc) == {"format", "version", "quotes"}
    line = doc["quotes"][0]["lines"][0]
    assert (line["quantity"], line["unit_price"], line["discount_percent"]) == (
        "3.00", "1200.50", "10.00")
    for what, header, count in (("leads", "First Name", 3), ("opportunities", "Topic", 4),
                                ("quotes", "Number", 2)):
        path = tmp_path / f"{what}.csv"
        result = export(services, str(path), "csv", what=what)
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) == count and header in rows[0], what
        assert getattr(result, what) == (1 if what == "quotes" else count)
    rows = list(csv.DictReader(io.StringIO(
        (tmp_path / "opportunities.csv").read_bytes().decode("utf-8-sig"))))
    big = next(r for r in rows if r["ID"] == str(ids["big"]))
    assert (big["Stage Title"], big["Estimated Revenue"], big["Weighted Revenue"]) == (
        "Proposal", "3741.35", "2244.81")
    lines = list(csv.DictReader(io.StringIO(
        (tmp_path / "quotes.csv").read_bytes().decode("utf-8-sig"))))
    assert [r["Line Net"] for r in lines] == ["3241.35", "500.00"]


def test_a_search_narrows_the_sales_export(services) -> None:
    _pipeline(services)
    buf = io.StringIO()
    result = export(services, buf, "json", what="opportunities", query=ListQuery(text="printers"))
    assert result.opportunities == 1
    assert [o["topic"] for o in json.loads(buf.getvalue())["opportunities"]] == ["Printers"]


@pytest.mark.parametrize(("fmt", "what", "words"), [
    ("vcard", "leads", "vCard files hold people only"),
    ("csv", "all", "A CSV file holds one kind of record"),
    ("csv", "accounts", "A CSV file holds one kind of record"),
])
def test_formats_that_cannot_hold_a_kind_say_so(services, fmt, what, words) -> None:
    with pytest.raises(ExportError, match=words):
        export(services, io.StringIO(), fmt, what=what)


def test_a_category_does_not_narrow_leads(services) -> None:
    with pytest.raises(ExportError, match="Categories are for contacts and accounts"):
        export(services, io.StringIO(), "csv", what="leads", query=ListQuery(category="VIP"))


def test_damaged_sales_records_are_named_and_the_good_ones_come_in(services, tmp_path) -> None:
    _pipeline(services)
    out = tmp_path / "all.json"
    export(services, str(out), "json", what="all")
    text = out.read_text(encoding="utf-8").splitlines()
    lines = {n: line for n, line in enumerate(text, 1)}
    big_line = next(n for n, line in lines.items() if '"Datacentre move"' in line)
    per_line = next(n for n, line in lines.items() if '"Per"' in line)
    text[big_line - 1] = text[big_line - 1].replace('"probability": 60', '"probability": "high"')
    text[per_line - 1] = text[per_line - 1].replace('"0.1234"', '"0.12345"')
    bad = tmp_path / "bad.json"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    other = _second(tmp_path, "partial.db")
    try:
        report = services_for(other)[0].run([str(bad)])
        reasons = {p.line: p.reason for p in report.problems}
        assert all(p.file == str(bad) for p in report.problems)
        assert reasons == {
            big_line: "opportunity 2: “probability” should be a whole number, not 'high'; "
                      "it was not imported",
            per_line: "lead 1: “estimated_value” holds more than 4 decimals or is too large "
                      "to store: '0.12345'; it was not imported",
            next(n for n, line in lines.items() if '"Move, phase 1"' in line):
                "quote 1: its opportunity (2) is not in the file or was not imported; it "
                "was not imported",
        }
        assert report.restored == {"stage": 6, "product": 2, "lead": 2, "opportunity": 3}
        assert sorted(r.display_name for r in other.opportunities.rows(
            other.opportunities.ids(ListQuery()))) == ["Cloud backup for 40 seats",
                                                       "Printers", "Training"]
    finally:
        other.close()


def _calendar(services: Services) -> dict[str, int]:
    """The activities around the pipeline: a weekly board meeting in Copenhagen with
    participants, a skipped week and a moved one; a call regarding a lead; a note
    regarding an opportunity; a task; an all-day day off; and a call about a contact
    deleted since, kept in the history under its name."""
    lund = services.accounts.ids(ListQuery(text="Lund"))[0]
    jonas = services.contacts.ids(ListQuery(text="Jonas"))[0]
    rival = services.accounts.ids(ListQuery(text="Rival A/S"))[0]
    per = services.leads.ids(ListQuery(text="Per"))[0]
    big = services.opportunities.ids(ListQuery(text="Datacentre"))[0]
    board = services.activities.save(ActivityRecord(
        subject="Board review", start=datetime(2026, 10, 5, 9), end=datetime(2026, 10, 5, 10),
        tzid="Europe/Copenhagen", rrule="FREQ=WEEKLY;COUNT=10", location="Odense",
        description="Quarterly numbers", reminder_minutes=15, categories=["Board"],
        regarding=RecordRef("account", lund), participants=[
            ParticipantEntry("organizer", contact_id=jonas, name="Jonas Lund"),
            ParticipantEntry("optional", account_id=rival, name="Rival A/S"),
            ParticipantEntry("required", name="Eva Guest", email="eva@example.org")]))
    services.activities.skip_occurrence(board.id, datetime(2026, 10, 19, 9))
    moved = services.activities.change_occurrence(board.id, datetime(2026, 10, 26, 9), replace(
        services.activities.get(board.id), subject="Board review (moved)",
        start=datetime(2026, 10, 27, 14), end=datetime(2026, 10, 27, 15, 30), rrule="",
        exdates=[]))
    services.activities.save(ActivityRecord(
        kind=ActivityKind.CALL, subject="Price call", start=datetime(2026, 11, 2, 13, 30),
        tzid="Europe/Copenhagen", direction="out", phone_number="+45 20 30 40 50",
        duration_minutes=12, outcome="Wants a quote", status=ActivityStatus.COMPLETED,
        regarding=RecordRef("lead", per)))
    services.activities.save(ActivityRecord(
        kind=ActivityKind.NOTE, subject="Budget approved", start=datetime(2026, 11, 3, 8),
        tzid="Europe/Copenhagen", description="CFO: yes to phase 1",
        regarding=RecordRef("opportunity", big)))
    task = services.activities.save(ActivityRecord(
        kind=ActivityKind.TASK, subject="Send contract", start=datetime(2026, 11, 10, 17),
        tzid="Europe/Copenhagen", priority=1, percent_complete=40, reminder_minutes=60,
        regarding=RecordRef("contact", jonas)))
    services.activities.save(ActivityRecord(
        subject="Day off", start=datetime(2026, 12, 24), end=datetime(2026, 12, 27),
        all_day=True, status=ActivityStatus.CANCELLED))
    gone = services.contacts.save(ContactRecord(first_name="Ole", last_name="Gone"))
    services.activities.save(ActivityRecord(
        kind=ActivityKind.CALL, subject="Old call", start=datetime(2026, 9, 1, 10),
        direction="in", regarding=RecordRef("contact", gone.id)))
    services.contacts.discard([gone.id], with_activities=False)
    with services.db.writing() as session:  # a reminder dismissed, as the window does
        from sqlalchemy import update

        from crmdesk.models.activity import Activity

        session.execute(update(Activity).where(Activity.id == task.id).values(
            reminded_until_utc=datetime(2026, 11, 10, 16)))
    return {"board": board.id, "moved": moved.id}


def _activities(services: Services) -> list[tuple]:
    """Every activity, every field and its stored state, with the records it names by
    their names (contacts and accounts come back under new ids)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from crmdesk.models.activity import Activity
    from crmdesk.services.activities import ActivityService

    def named(kind: str, rid: int | None) -> str | None:
        if rid is None:
            return None
        service, name = {"contact": (services.contacts, "last_name"),
                         "account": (services.accounts, "name"),
                         "lead": (services.leads, "last_name"),
                         "opportunity": (services.opportunities, "topic")}[kind]
        return getattr(service.get(rid), name)

    with services.db.sessions() as session:
        rows = session.scalars(select(Activity).order_by(Activity.id).options(
            selectinload(Activity.participants), selectinload(Activity.categories))).all()
        out = []
        for row in rows:
            record = ActivityService.record_of(row)
            regarding = record.regarding
            out.append((
                replace(record, regarding=None, participants=[
                    replace(p, contact_id=None, account_id=None) for p in record.participants]),
                (regarding.kind, named(regarding.kind, regarding.id)) if regarding else None,
                [(named("contact", p.contact_id), named("account", p.account_id))
                 for p in record.participants],
                ActivityService.state_of(row), row.start_utc, row.last_end_utc,
                row.long_range))
    return out


def test_a_whole_restore_brings_the_calendar_back_and_its_undo_takes_it_all_away(
        services, tmp_path) -> None:
    _pipeline(services)
    ids = _calendar(services)
    out = tmp_path / "all.json"
    result = export(services, str(out), "json", what="all")
    assert result.activities == 7 and "7 activities" in result.summary()
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert list(doc)[-1] == "activities"
    board = next(a for a in doc["activities"] if a["id"] == ids["board"])
    assert (board["start"], board["tzid"], board["rrule"], board["exdates"]) == (
        "2026-10-05T09:00:00", "Europe/Copenhagen", "FREQ=WEEKLY;COUNT=10",
        ["2026-10-19T09:00:00"])
    assert board["regarding"]["kind"] == "account" and board["regarding_name"] == (
        "Lund & Co ApS")
    assert [p["role"] for p in board["participants"]] == ["organizer", "optional", "required"]
    moved = next(a for a in doc["activities"] if a["id"] == ids["moved"])
    assert (moved["series_id"], moved["recurrence_id"]) == (ids["board"], "2026-10-26T09:00:00")
    old = next(a for a in doc["activities"] if a["subject"] == "Old call")
    assert old["regarding"] == {"kind": "contact", "id": None}
    before = _activities(services)
    other = _second(tmp_path, "restored.db")
    try:
        importer, batches = services_for(other)
        report = importer.run([str(out)])
        assert report.failed == 0, report.problems
        assert report.restored["activity"] == 7
        assert _comparable(other) == _comparable(services)
        assert _activities(other) == before
        week = other.activities.occurrences(datetime.fromisoformat("2026-10-19T00:00+02:00"),
                                            datetime.fromisoformat("2026-11-01T00:00+01:00"))
        copenhagen = ZoneInfo("Europe/Copenhagen")
        assert [(o.subject, o.start.astimezone(copenhagen).isoformat()) for o in week] == [
            ("Board review (moved)", "2026-10-27T14:00:00+01:00")]  # the 19th skipped
        lead = other.leads.ids(ListQuery(text="Per"))[0]
        assert [h.subject for h in other.activities.history(RecordRef("lead", lead))] == [
            "Price call"]
        again = importer.run([str(out)])  # a second restore creates nothing
        assert "activity" not in again.restored and again.failed == 0
        assert _activities(other) == before
        assert again.batch_id is not None
        assert batches.undo(again.batch_id).activities_removed == 0
        task = other.activities.get(next(r[0].id for r in before
                                         if r[0].subject == "Send contract"))
        other.activities.save(replace(task, percent_complete=90))  # edited since
        with pytest.raises(UndoConflict, match="Send contract"):
            batches.undo(report.batch_id)
        assert batches.edited_since(report.batch_id) == ["Send contract"]
        undone = batches.undo(report.batch_id, force=True)
        assert (undone.activities_removed, undone.leads_removed,
                undone.opportunities_removed, undone.quotes_removed) == (7, 3, 4, 1)
        assert _activities(other) == []
        for lister in (other.contacts, other.accounts, other.leads, other.opportunities):
            assert lister.count(ListQuery()) == 0
        assert other.leads.count(ListQuery(text="fair")) == 0  # out of the search too
    finally:
        other.close()


def test_a_damaged_activity_is_named_and_the_rest_of_the_calendar_comes_in(
        services, tmp_path) -> None:
    _pipeline(services)
    ids = _calendar(services)
    out = tmp_path / "all.json"
    export(services, str(out), "json", what="activities")
    text = out.read_text(encoding="utf-8").splitlines()
    board = next(n for n, line in enumerate(text, 1) if f'"id": {ids["board"]},' in line)
    moved = next(n for n, line in enumerate(text, 1) if '"Board review (moved)"' in line)
    call = next(n for n, line in enumerate(text, 1) if '"Price call"' in line)
    text[board - 1] = text[board - 1].replace('"start": "2026-10-05T09:00:00"',
                                              '"start": "next Monday"')
    text[call - 1] = text[call - 1].replace('"Europe/Copenhagen"', '"Mars/Olympus"')
    bad = tmp_path / "bad.json"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    other = _second(tmp_path, "partial.db")
    try:
        report = services_for(other)[0].run([str(bad)])
        assert {(p.file, p.line, p.reason) for p in report.problems} == {
            (str(bad), board, "activity 1: “start” is not a date (YYYY-MM-DDTHH:MM:SS): "
                              "'next Monday'; it was not imported"),
            (str(bad), call, "activity 2: “Mars/Olympus” is not a time zone; use an IANA "
                             "name such as Europe/Copenhagen or America/New_York; it was "
                             "not imported"),
            (str(bad), moved, f"activity 7: its series ({ids['board']}) is not in the file or "
                              "was not imported; it was not imported"),
        }
        assert report.restored == {"activity": 4}
        kept = sorted(r[0].subject for r in _activities(other))
        assert kept == ["Budget approved", "Day off", "Old call", "Send contract"]
        note = next(r for r in _activities(other) if r[0].subject == "Budget approved")
        # the opportunity is not in the file: the note stays under its name
        assert (note[1], note[3].regarding_kind, note[0].regarding_name) == (
            None, "opportunity", "Datacentre move")
    finally:
        other.close()


def test_the_command_line_restores_a_calendar_and_undoes_it(services, tmp_path,
                                                             capsys) -> None:
    from crmdesk.cli import main

    _pipeline(services)
    _calendar(services)
    out = tmp_path / "calendar.json"
    assert main(["--db", str(services.db.path), "export", "--format", "json", "--what",
                 "activities", "--out", str(out)]) == 0
    assert "7 activities written to" in capsys.readouterr().err
    db = str(tmp_path / "cli.db")
    assert main(["--db", db, "import", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "restored 7 activities" in printed and "Undo with: crmdesk import --undo 1" in printed
    assert main(["--db", db, "import", "--undo", "1"]) == 0
    assert "7 activities removed" in capsys.readouterr().out
