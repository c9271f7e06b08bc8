"""The bulk import path stores exactly what the contact service stores.

Rows for new contacts are built without the ORM (``rows.RowBuilder``) and
written straight to the driver; this compares every stored column and the
record read back with what ``ContactService.save`` produces for the same
records, over the whole corpus and a generated Outlook file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import DateTime, String, cast, literal, select

from crmdesk.importers import ImportFileError, ParsedContact, Problem, read_contacts
from crmdesk.kinds.parties import CONTACT
from crmdesk.models import Contact
from crmdesk.records import ContactRecord
from crmdesk.services import folding
from crmdesk.services.importing import ImportOptions, services_for
from crmdesk.services.importing.rows import clean
from crmdesk.services.importing.vetting import vet
from crmdesk.services.listing import ListQuery
from crmdesk.services.names import name_key_of, sort_source_of

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "files"
GEN = CORPUS.parents[1] / "tools" / "gen_contacts.py"
COLUMNS = ("display_name", "sort_name", "letter", "main_phone", "main_email", "city",
           "search_text", "company_sort", "city_sort", "name_key", "company_key")


def _files(tmp_path: Path) -> list[Path]:
    generated = tmp_path / "gen.vcf"
    subprocess.run([sys.executable, str(GEN), "--n", "120", "--format", "vcard21",
                    "--out", str(generated), "--seed", "7"], check=True, capture_output=True)
    return sorted(p for p in CORPUS.rglob("*") if p.is_file()) + [generated]


def test_bulk_rows_equal_what_the_contact_service_computes(services, tmp_path) -> None:
    importer, _ = services_for(services)
    files = _files(tmp_path)
    importer.run([str(p) for p in files], ImportOptions(policy="create"))
    with services.db.sessions() as session:
        contacts = session.scalars(select(Contact)).all()
        assert len(contacts) > 300
        def columns(contact: Contact) -> dict[str, object]:
            # category order differs between a save and a reload, so compare words as a set
            out: dict[str, object] = {c: getattr(contact, c) for c in COLUMNS}
            out["search_text"] = sorted(contact.search_text.split())
            return out

        for contact in contacts:
            stored = columns(contact)
            CONTACT.derive_columns(contact, "DK")
            assert stored == columns(contact), contact.id
        session.rollback()


def test_records_read_back_equal_service_saved_ones(services, tmp_path) -> None:
    """Same records through the bulk path and through ContactService.save."""
    importer, _ = services_for(services)
    files = _files(tmp_path)
    importer.run([str(p) for p in files], ImportOptions(policy="create"))
    bulk = [services.contacts.get(i) for i in services.contacts.ids(ListQuery(sort="name"))]
    from crmdesk.services.wiring import Services
    from crmdesk.settings import Settings

    other = Services.open("sqlite:///" + str(tmp_path / "orm.db"), Settings(default_region="DK"))
    try:
        for path in files:
            try:
                for item in read_contacts(path):
                    if isinstance(item, ParsedContact):
                        vetted = vet(item, clean(item.record))  # as the import does
                        if not isinstance(vetted, Problem):
                            other.contacts.save(vetted[0], validate=False)
            except ImportFileError:
                pass
        saved = [other.contacts.get(i) for i in other.contacts.ids(ListQuery(sort="name"))]
    finally:
        other.close()
    strip = lambda r: (r.display_name if hasattr(r, "display_name") else None,  # noqa: E731
                       {**r.__dict__, "id": None, "version": None, "account_id": None})
    assert sorted(map(repr, map(strip, bulk))) == sorted(map(repr, map(strip, saved)))


def test_reading_in_a_child_process_gives_the_same_database(services, tmp_path) -> None:
    from crmdesk.services.wiring import Services
    from crmdesk.settings import Settings

    files = [str(p) for p in _files(tmp_path)]
    inline = services_for(services)[0].run(files, ImportOptions(parallel=False))
    other = Services.open("sqlite:///" + str(tmp_path / "par.db"), Settings(default_region="DK"))
    try:
        forked = services_for(other)[0].run(files, ImportOptions(parallel=True))
        assert inline.to_json() | {"batch": 0, "files": []} == (
            forked.to_json() | {"batch": 0, "files": []})
        columns = [getattr(Contact, c) for c in ("id", *COLUMNS)]
        with services.db.sessions() as a, other.db.sessions() as b:
            assert a.execute(select(*columns)).all() == b.execute(select(*columns)).all()
    finally:
        other.close()


def test_accounts_and_dates_are_stored_as_the_orm_stores_them(services, tmp_path) -> None:
    """The bulk path writes new accounts and dates without SQLAlchemy's types; a contact
    saved through the service is the yardstick for the stored text."""
    from datetime import date, datetime

    from crmdesk.kinds.parties import ACCOUNT
    from crmdesk.models import Account
    from crmdesk.records import ContactRecord

    card = tmp_path / "one.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ørsted;Åse;;;\r\nFN:Åse Ørsted\r\n"
                    "ORG:Æble & Søn A/S\r\nBDAY:1980-04-15\r\nEND:VCARD\r\n", encoding="utf-8")
    services_for(services)[0].run([str(card)], ImportOptions())
    services.contacts.save(ContactRecord(first_name="Bo", company="Other ApS",
                                         birthday=date(1980, 4, 15)))
    with services.db.sessions() as session:
        raw = session.connection().exec_driver_sql(
            "SELECT birthday, created, modified FROM contact ORDER BY id").all()
        (bulk_birthday, *bulk_times), (orm_birthday, *orm_times) = raw
        assert bulk_birthday == orm_birthday == "1980-04-15"
        for bulk, orm in zip(bulk_times, orm_times, strict=True):
            assert len(bulk) == len(orm) == len("2026-01-01 00:00:00.000000")
        driver = session.connection().connection.driver_connection
        for value in (datetime(2026, 1, 1), datetime(999, 1, 2, 3, 4, 5, 6)):
            assert driver.execute("SELECT ?", (value,)).fetchone()[0] == session.scalar(
                select(cast(literal(value, DateTime), String)))
        imported = session.scalars(select(Account).where(Account.name == "Æble & Søn A/S")).one()
        columns = [c.key for c in Account.__table__.c]
        stored = {c: getattr(imported, c) for c in columns}
        ACCOUNT.derive_columns(imported, "DK")
        assert stored == {c: getattr(imported, c) for c in columns}
        session.rollback()


_NAME = st.text(max_size=10) | st.sampled_from(["Søren", "Müller", "ΟΔΟΣ", "Aase", "e\u0301", ""])


@given(_NAME, _NAME, _NAME)
def test_a_name_key_put_together_from_its_parts_is_the_whole_name_folded(
        last: str, first: str, middle: str) -> None:
    """The reading process keys each name part once (they repeat from record to record);
    joined, they give what folding the whole "last first middle" gives."""
    record = clean(ContactRecord(first_name=first, middle_name=middle, last_name=last))
    assert name_key_of(record) == folding.sort_key(sort_source_of(record))
