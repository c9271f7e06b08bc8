"""The same use cases on a PostgreSQL server, the path a shared team database will take.

Runs when CRMDESK_TEST_POSTGRES_URL names an empty database the test may wipe
(.ci/run starts a throwaway server and sets it); skipped otherwise.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine

from crmdesk.records import AccountRecord, EmailEntry, PhoneEntry
from crmdesk.services.errors import StaleEditError
from tests.core.test_service_tickets import check_race

URL = os.environ.get("CRMDESK_TEST_POSTGRES_URL", "")
pytestmark = pytest.mark.skipif(not URL, reason="CRMDESK_TEST_POSTGRES_URL is not set")


@pytest.fixture
def pg_services():
    from crmdesk.services.wiring import Services
    from crmdesk.settings import Settings

    engine = create_engine(URL)
    with engine.begin() as conn:  # a clean schema for every test
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    services = Services.open(URL, Settings(default_region="DK"))
    yield services
    services.close()


def test_demo_then_ordinary_saves_and_folded_search(pg_services, contact_factory) -> None:
    from crmdesk.services import demo

    demo.fill(pg_services, 40)  # bulk inserts with our own ids...
    saved = pg_services.contacts.save(contact_factory("Søren", "Müller", company="Ny Firma"))
    pg_services.accounts.save(AccountRecord(name="Another ApS"))  # ...then ordinary inserts
    assert saved.id == 41
    for query in ("mueller", "soren", "+45 33 12 34 56", "ny firma"):
        assert "Søren Müller" in [h.display_name for h in pg_services.search.search(query)]
    pg_services.search.search('"NEAR(*')  # never an error


def test_stale_edit_and_delete(pg_services, contact_factory) -> None:
    first = pg_services.contacts.save(contact_factory())
    mine, theirs = (pg_services.contacts.get(first.id) for _ in range(2))
    theirs.job_title = "CEO"
    pg_services.contacts.save(theirs)
    mine.job_title = "Intern"
    with pytest.raises(StaleEditError):
        pg_services.contacts.save(mine)
    pg_services.accounts.delete([first.account_id])
    assert pg_services.contacts.get(first.id).company == ""


def test_import_and_export_round_trip(pg_services, contact_factory, tmp_path) -> None:
    import io

    from crmdesk.exporters import write_json
    from crmdesk.services.importing import services_for

    records = [contact_factory("Åse", "Holm", emails=[EmailEntry("ase@holm.dk")],
                               phones=[PhoneEntry("+45 20 30 40 50")]),
               contact_factory("Jürgen", "Weiß", company="Straße GmbH",
                               emails=[EmailEntry("j@weiss.de")], phones=[])]
    out = io.StringIO()
    write_json(records, [], out)
    path = tmp_path / "contacts.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    importer, _ = services_for(pg_services)
    report = importer.run([str(path)])
    assert report.created == 2
    again = importer.run([str(path)])
    assert again.created == 0  # idempotent
    pg_services.contacts.save(contact_factory("Bo", "Dahl", company="Straße GmbH"))
    assert [h.display_name for h in pg_services.search.search("strasse")][:2] == [
        "Bo Dahl", "Jürgen Weiß"]


def test_merged_imports_undone_out_of_order(pg_services, contact_factory, tmp_path) -> None:
    from crmdesk.services.importing import services_for

    stored = pg_services.contacts.save(contact_factory(
        "Åse", "Holm", company="", job_title="", emails=[EmailEntry("ase@holm.dk")],
        phones=[]))
    importer, batches = services_for(pg_services)
    runs = []
    for n, extra in enumerate(("TITLE:Buyer\r\nTEL;TYPE=CELL:+45 20 30 40 50",
                               "NOTE:second file\r\nORG:Holm ApS")):
        path = tmp_path / f"{n}.vcf"
        path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Holm;Åse;;;\r\nFN:Åse Holm\r\n"
                        f"EMAIL:ase@holm.dk\r\n{extra}\r\nEND:VCARD\r\n", encoding="utf-8")
        runs.append(importer.run([str(path)]).batch_id)
    batches.undo(runs[0])
    half = pg_services.contacts.get(stored.id)
    assert (half.job_title, half.notes, half.phones) == ("", "second file", [])
    batches.undo(runs[1])
    back = pg_services.contacts.get(stored.id)
    assert (back.notes, back.company, back.categories) == ("", "", [])
    assert pg_services.accounts.count() == 0  # the second file's company went with it


def test_lists_filter_and_sort_on_the_server(pg_services, contact_factory) -> None:
    """The list's id query goes through the driver's own cursor: its parameters too."""
    from crmdesk.services.listing import ListQuery

    for first, last in (("Åse", "Holm"), ("Bent", "Hansen"), ("Carl", "Holm")):
        pg_services.contacts.save(contact_factory(first, last, categories=["Key"]))
    contacts = pg_services.contacts
    names = [r.display_name for r in contacts.rows(contacts.ids(ListQuery(text="holm")))]
    assert names == ["Carl Holm", "Åse Holm"]  # Danish: Å after Z, whatever the server's locale
    by_name = contacts.rows(contacts.ids(ListQuery(letter="H", category="key",
                                                   descending=True)))
    assert [r.display_name for r in by_name] == ["Åse Holm", "Carl Holm", "Bent Hansen"]
    assert len(contacts.ids(ListQuery(), limit=2)) == 2


def test_a_series_with_a_moved_occurrence_and_a_history(pg_services, contact_factory) -> None:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from crmdesk.kinds import RecordRef
    from crmdesk.records import ActivityRecord
    from crmdesk.timezones import override

    override("Europe/Copenhagen")
    anna = pg_services.contacts.save(contact_factory("Anna", "Berg"))
    series = pg_services.activities.save(ActivityRecord(
        subject="Weekly", start=datetime(2026, 10, 19, 9), end=datetime(2026, 10, 19, 10),
        tzid="Europe/Copenhagen", rrule="FREQ=WEEKLY;COUNT=4",
        regarding=RecordRef("contact", anna.id)))
    moved = pg_services.activities.occurrence_record(series.id, datetime(2026, 10, 26, 9))
    moved.start, moved.end = datetime(2026, 10, 27, 11), datetime(2026, 10, 27, 12)
    pg_services.activities.change_occurrence(series.id, datetime(2026, 10, 26, 9), moved)
    start = datetime(2026, 10, 19, tzinfo=ZoneInfo("Europe/Copenhagen"))
    shown = pg_services.activities.occurrences(start, start + timedelta(days=60))
    assert [(o.start.day, o.start.hour) for o in shown] == [(19, 9), (27, 11), (2, 9), (9, 9)]
    assert [h.subject for h in pg_services.activities.history(RecordRef("contact", anna.id))
            ] == ["Weekly"]
    pg_services.contacts.delete([anna.id])
    assert pg_services.activities.occurrences(start, start + timedelta(days=7))[0].regarding_name \
        == "Anna Berg"
    override(None)


def test_the_months_quick_read_on_the_server_is_what_reading_all_gives(pg_services) -> None:
    from test_quick_reads import DAYS, FIRST, by_day, fill_march

    from crmdesk.timezones import override

    override("Europe/Copenhagen")
    try:
        fill_march(pg_services)
        for kinds in (None, ("appointment", "call")):
            for shown in (1, 3, 50):
                assert pg_services.activities.month(FIRST, DAYS, shown, kinds=kinds) == \
                    by_day(pg_services, kinds, shown)
    finally:
        override(None)


def test_a_lead_qualifies_and_the_pipeline_sums_on_the_server(pg_services) -> None:
    from datetime import date
    from decimal import Decimal

    from crmdesk.records import LeadRecord, OpportunityRecord
    from crmdesk.services import pipeline
    from crmdesk.services.leads import OpportunitySeed, QualifyChoice

    lead = pg_services.leads.save(LeadRecord(
        first_name="Ida", last_name="Holm", company="Holm Møbler ApS",
        email="ida@holm.dk", estimated_value=Decimal("12500.50"), currency="DKK"))
    made = pg_services.leads.qualify(lead.id, QualifyChoice(
        opportunity=OpportunitySeed("Forty chairs", estimated_close_date=date(2027, 1, 15))))
    assert made.account is not None and made.contact is not None
    sale = pg_services.opportunities.get(made.opportunity.id)
    pg_services.opportunities.save(OpportunityRecord(
        topic="Desks", customer=made.account, stage=sale.stage,
        estimated_revenue=Decimal("1000.25"), currency="EUR"))
    totals = {(t.stage, t.currency): (t.count, t.total, t.weighted)
              for t in pipeline.pipeline(pg_services.db)}
    assert totals == {("prospecting", "DKK"): (1, Decimal("12500.50"), Decimal("1250.05")),
                      ("prospecting", "EUR"): (1, Decimal("1000.25"), Decimal("100.03"))}
    column = pipeline.board(pg_services.db, "prospecting", date(2027, 1, 1), date(2027, 1, 31))
    assert [card.topic for card in column] == ["Forty chairs"]


def test_a_restore_keeps_ids_and_the_next_records_get_new_ones(pg_services, services,
                                                               tmp_path) -> None:
    """A whole JSON export from a laptop restores onto the server with its ids, and what
    the team types next does not collide with them."""
    from datetime import datetime
    from decimal import Decimal

    from crmdesk.kinds import RecordRef
    from crmdesk.records import (
        ActivityKind,
        ActivityRecord,
        LeadRecord,
        OpportunityRecord,
        ProductRecord,
    )
    from crmdesk.services.exporting import export
    from crmdesk.services.importing import services_for

    for n in range(3):
        lead = services.leads.save(LeadRecord(first_name=f"Lead {n}", last_name="Berg"))
        services.activities.save(ActivityRecord(kind=ActivityKind.NOTE, subject=f"Note {n}",
                                                start=datetime(2026, 11, 2, 10),
                                                regarding=RecordRef("lead", lead.id)))
        services.products.save(ProductRecord(name=f"Product {n}", unit_price=Decimal(10),
                                             currency="DKK"))
    out = tmp_path / "all.json"
    export(services, str(out), "json", what="all")
    report = services_for(pg_services)[0].run([str(out)])
    assert report.failed == 0, report.problems
    lead = pg_services.leads.save(LeadRecord(first_name="New", last_name="Lead"))
    assert lead.id == 4
    pg_services.activities.save(ActivityRecord(kind=ActivityKind.NOTE, subject="New",
                                               start=datetime(2026, 11, 3, 10)))
    pg_services.products.save(ProductRecord(name="New", unit_price=Decimal(1),
                                            currency="DKK"))
    buyer = pg_services.accounts.save(AccountRecord(name="Buyer ApS"))
    pg_services.opportunities.save(OpportunityRecord(
        topic="New", customer=RecordRef("account", buyer.id), estimated_revenue=Decimal(1),
        currency="DKK"))


def test_two_processes_creating_cases_at_once_never_share_a_number(pg_services,
                                                                   tmp_path) -> None:
    check_race(pg_services, URL, tmp_path)
