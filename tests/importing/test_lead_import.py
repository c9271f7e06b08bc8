"""A salesperson back from a trade show imports the leads: a badge scanner's export (`;`,
Windows-1252, Danish headings) and a web form's sign-ups (UTF-8, English headings)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from crmdesk.cli import main
from crmdesk.importers.aliases import guess_lead_mapping
from crmdesk.importers.lead_csv import read_amount
from crmdesk.kinds.sales import LEAD
from crmdesk.models import ImportItem, Lead
from crmdesk.records import EmailEntry
from crmdesk.services.importing import ImportOptions, ImportSource, services_for

DATA = Path(__file__).resolve().parents[1] / "data"
BADGES = str(DATA / "leads-badge-scanner-da.csv")
WEB = str(DATA / "leads-web-form.csv")


def _store_lead(services, **values) -> int:  # noqa: ANN001
    """A lead stored before the trade show, as a save writes it."""
    with services.db.writing() as session:
        empty = dict.fromkeys(("first_name", "last_name", "company", "job_title", "phone",
                               "mobile", "email", "street", "postal_code", "city", "region",
                               "country", "notes"), "")
        row = Lead(owner="anna", currency="DKK", **{**empty, **values})
        LEAD.derive_columns(row, "DK")
        session.add(row)
        session.flush()
        services.index.refresh(session, Lead, [row.id])
        return row.id


def _leads(services) -> dict[str, Lead]:  # noqa: ANN001
    with services.db.sessions() as session:
        return {row.display_name: row for row in session.scalars(select(Lead))}


def _known_people(services, contact_factory) -> tuple[int, int]:  # noqa: ANN001
    mette = services.contacts.save(contact_factory(
        "Mette", "Hansen", company="Novo Nordisk", job_title="",
        emails=[EmailEntry("mette@novo.dk")]))
    jens = _store_lead(services, first_name="Jens", last_name="Kjær", company="Kjær & Søn ApS",
                       email="jens@kjaer.dk", source="referral", rating="hot")
    return mette.id, jens


def test_a_trade_shows_leads_come_in_with_their_duplicates_found(services,
                                                                 contact_factory) -> None:
    mette, jens = _known_people(services, contact_factory)
    importer, _ = services_for(services)
    report = importer.run([ImportSource(BADGES, kind="lead"), ImportSource(WEB, kind="lead")],
                          ImportOptions(collect_matches=True))

    # Søren, Åse, Ole from the badges; Zoë and Liam from the web form
    assert (report.created, report.leads_created) == (5, 5)
    # Mette twice into her contact card, Jens into his lead
    assert (report.merged, report.leads_merged) == (3, 1)
    matched = {(m.incoming, m.existing_kind, m.existing, m.reason) for m in report.matches}
    assert matched == {("Mette Hansen", "contact", "Mette Hansen", "e-mail"),
                       ("Jens Kjær", "lead", "Jens Kjær", "e-mail")}
    leads = _leads(services)
    assert set(leads) == {"Søren Østergaard", "Åse Ærø", "Ole Berg", "Zoë Müller",
                          "Liam O'Brien", "Jens Kjær"}
    soren = leads["Søren Østergaard"]
    assert (soren.company, soren.job_title, soren.phone, soren.mobile, soren.email) == (
        "Ålborg Maskinfabrik A/S", "Indkøbschef", "98 12 34 56", "20 30 40 50",
        "soren@aalborg-maskin.dk")
    assert (soren.street, soren.postal_code, soren.city, soren.country) == (
        "Havnegade 4", "9000", "Aalborg", "Danmark")
    assert (soren.source, soren.rating, soren.status) == ("trade_show", "hot", "new")
    assert (soren.estimated_value, soren.currency) == (Decimal("125000"), "DKK")
    assert soren.notes.splitlines() == ["Vil have demo i april", "Scannet: 04-03-2026 10:12",
                                        "Badge-ID: B-10231"]
    zoe = leads["Zoë Müller"]
    assert (zoe.source, zoe.rating, zoe.estimated_value, zoe.currency) == (
        "web", "hot", Decimal("12500.00"), "EUR")
    # a rating the scanner's user typed by hand is kept, in the notes, and said so
    assert leads["Åse Ærø"].rating == "warm" and "Vurdering: måske" in leads["Åse Ærø"].notes
    assert any("“måske”" in r.reason and r.line == 5 for r in report.repairs)
    # the stored lead keeps its own source and rating, and gets what it lacked
    kjaer = leads["Jens Kjær"]
    assert (kjaer.id, kjaer.source, kjaer.rating) == (jens, "referral", "hot")
    assert (kjaer.mobile, kjaer.city, kjaer.estimated_value) == (
        "40 50 60 70", "Aarhus", Decimal("25000"))
    assert services.contacts.get(mette).job_title == "Projektleder"
    # bad rows: file, line and reason; the good rows still came in
    problems = {(Path(p.file).name, p.line) for p in report.problems}
    assert problems == {("leads-badge-scanner-da.csv", 7), ("leads-badge-scanner-da.csv", 8)}
    assert "has 15 fields but the header has 17" in report.problems[1].reason


def test_the_new_leads_are_searched_and_filtered_by_their_import(services,
                                                                 contact_factory) -> None:
    _known_people(services, contact_factory)
    importer, _ = services_for(services)
    report = importer.run([ImportSource(BADGES, kind="lead")])
    with services.db.sessions() as session:
        found = session.scalars(select(Lead.display_name).where(
            services.index.matching(Lead, "aalborg"))).all()
        imported = session.scalars(select(Lead.display_name).join(
            ImportItem, ImportItem.party_id == Lead.id).where(
            ImportItem.batch_id == report.batch_id, ImportItem.kind == "lead")).all()
    assert found == ["Søren Østergaard"]
    # what the leads list's "Imported" filter shows: the new ones and the one merged into
    assert set(imported) == {"Søren Østergaard", "Åse Ærø", "Ole Berg", "Jens Kjær"}


def test_undo_takes_away_exactly_the_new_leads_and_what_the_merges_added(
        services, contact_factory) -> None:
    mette, jens = _known_people(services, contact_factory)
    before = services.contacts.get(mette)
    importer, batches = services_for(services)
    first = importer.run([ImportSource(BADGES, kind="lead")])
    second = importer.run([ImportSource(WEB, kind="lead")])
    assert len(_leads(services)) == 6

    result = batches.undo(first.batch_id)
    assert (result.leads_removed, result.leads_reverted) == (3, 1)
    leads = _leads(services)
    assert set(leads) == {"Jens Kjær", "Zoë Müller", "Liam O'Brien"}
    kjaer = leads["Jens Kjær"]
    assert (kjaer.mobile, kjaer.city, kjaer.estimated_value, kjaer.currency) == (
        "", "", None, "DKK")
    assert (kjaer.source, kjaer.rating) == ("referral", "hot")
    assert services.contacts.get(mette).job_title == ""

    batches.undo(second.batch_id)
    assert set(_leads(services)) == {"Jens Kjær"} and _leads(services)["Jens Kjær"].id == jens
    after = services.contacts.get(mette)
    assert (after.job_title, after.emails, after.company) == (
        before.job_title, before.emails, before.company)


def test_skipped_duplicates_change_nothing_stored(services, contact_factory) -> None:
    mette, jens = _known_people(services, contact_factory)
    importer, _ = services_for(services)
    report = importer.run([ImportSource(BADGES, kind="lead")], ImportOptions(policy="skip"))
    assert (report.created, report.merged, report.skipped) == (3, 0, 2)
    assert services.contacts.get(mette).job_title == ""
    assert _leads(services)["Jens Kjær"].mobile == ""


def test_an_edited_new_lead_is_only_undone_by_force(services) -> None:
    importer, batches = services_for(services)
    report = importer.run([ImportSource(WEB, kind="lead")])
    with services.db.writing() as session:
        row = session.scalars(select(Lead).where(Lead.first_name == "Liam")).one()
        row.notes = "Met him again at the stand"
    assert batches.edited_since(report.batch_id) == ["Liam O'Brien"]
    try:
        batches.undo(report.batch_id)
    except Exception as exc:  # noqa: BLE001 - the refusal is the point
        assert "edited since" in str(exc)
    else:
        raise AssertionError("undo deleted an edited lead without force")
    assert batches.undo(report.batch_id, force=True).leads_removed == 3


def test_headings_of_lead_lists_and_of_outlook_map_to_a_leads_fields() -> None:
    _, language, mapping, unknown = guess_lead_mapping(
        ["Fornavn", "Efternavn", "Firma", "Titel", "Mobil", "E-mail", "Postnr.", "Kilde",
         "Vurdering", "Anslået værdi", "Badge-ID"])
    assert language == "da" and unknown == ["Badge-ID"]
    assert mapping["Titel"] == "job_title" and mapping["Kilde"] == "source"
    assert mapping["Anslået værdi"] == "estimated_value" and mapping["Postnr."] == "postal_code"
    _, _, outlook, _ = guess_lead_mapping(
        ["First Name", "Last Name", "Business Phone", "Mobile Phone", "Business Fax",
         "E-mail 2 Address", "Business City", "Spouse", "Lead Source", "Rating"])
    assert outlook == {"First Name": "first_name", "Last Name": "last_name",
                       "Business Phone": "phone", "Mobile Phone": "mobile",
                       "Business Fax": "note:Business Fax", "E-mail 2 Address": "email",
                       "Business City": "city", "Spouse": "note:Spouse",
                       "Lead Source": "source", "Rating": "rating"}


def test_amounts_are_read_as_people_write_them() -> None:
    assert read_amount("DKK 125.000") == (Decimal("125000"), "DKK")
    assert read_amount("25.000,- kr.") == (Decimal("25000"), "")
    assert read_amount("€12,500.00") == (Decimal("12500.00"), "EUR")
    assert read_amount("1.234.567,89") == (Decimal("1234567.89"), "")
    assert read_amount("12,5") == (Decimal("12.5"), "")
    assert read_amount("8 000 SEK") == (Decimal("8000"), "SEK")
    for text in ("maybe", "-5", "1.23456", "USD 5 EUR"):
        assert read_amount(text) is None, text


def test_crmdesk_import_as_leads_end_to_end(tmp_path, capsys) -> None:
    db = str(tmp_path / "c.db")
    code = main(["--db", db, "import", "--as", "leads", BADGES, WEB, "--json"])
    out = capsys.readouterr()
    assert code == 0 and "Traceback" not in out.err
    report = json.loads(out.out)
    assert report["kind"] == "lead" and report["leads"]["created"] == 7
    assert report["leads"]["merged"] == 1  # Mette Hansen is on both lists
    assert [(Path(p["file"]).name, p["line"]) for p in report["problems"]] == [
        ("leads-badge-scanner-da.csv", 7), ("leads-badge-scanner-da.csv", 8)]
    code = main(["--db", db, "import", "--as", "leads", WEB])
    out = capsys.readouterr()
    assert code == 0 and out.out.startswith("0 leads created, 0 merged")
    code = main(["--db", db, "import", "--undo", str(report["batch"]), "--json"])
    undo = json.loads(capsys.readouterr().out)
    assert code == 0 and undo["leads_removed"] == 7
    vcard = tmp_path / "one.vcf"
    vcard.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Lund\r\nEND:VCARD\r\n")
    code = main(["--db", db, "import", "--as", "leads", str(vcard)])
    out = capsys.readouterr()
    assert code == 1 and "leads are imported from a CSV file" in out.err
    assert "Traceback" not in out.err
    code = main(["--db", db, "import", "--as", "leads", "--list"])
    assert code == 2 and "--as leads goes with the files" in capsys.readouterr().err
