"""One derivation of list columns and search text: a save, the import and the demo data
store the same for the same values (``derive.contact_columns``, ``account_columns``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crmdesk.kinds.parties import ACCOUNT, CONTACT
from crmdesk.models import Account, Contact
from crmdesk.records import AccountRecord, AddressEntry, ContactRecord, EmailEntry, PhoneEntry
from crmdesk.services import demo
from crmdesk.services.derive import Folding, account_columns, contact_columns
from crmdesk.services.listing import ListQuery

CONTACT_COLUMNS = ("display_name", "sort_name", "letter", "main_phone", "main_email", "city",
                   "company_sort", "city_sort", "name_key", "company_key", "search_text")
ACCOUNT_COLUMNS = ("display_name", "sort_name", "letter", "main_phone", "main_email", "city",
                   "city_sort", "name_key", "search_text")


def _columns(row: Contact | Account, names: tuple[str, ...]) -> dict[str, object]:
    found: dict[str, object] = {c: getattr(row, c) for c in names}
    found["search_text"] = sorted(row.search_text.split())
    return found


def test_demo_data_stores_what_saving_it_would(services) -> None:
    """Every demo contact and account holds the columns a save derives from its values
    (the search words compared as a set: categories come back from the database in any
    order)."""
    demo.fill(services, 80)
    with services.db.sessions() as session:
        contacts = session.scalars(select(Contact).options(
            selectinload(Contact.phones), selectinload(Contact.emails),
            selectinload(Contact.addresses), selectinload(Contact.categories),
            selectinload(Contact.account))).all()
        accounts = session.scalars(select(Account).options(
            selectinload(Account.phones), selectinload(Account.emails),
            selectinload(Account.addresses), selectinload(Account.categories))).all()
        assert len(contacts) == 80 and len(accounts) == 16
        for rows, kind, columns in ((contacts, CONTACT, CONTACT_COLUMNS),
                                    (accounts, ACCOUNT, ACCOUNT_COLUMNS)):
            for row in rows:
                stored = _columns(row, columns)
                kind.derive_columns(row, "DK")  # what the kind declares every save does
                assert stored == _columns(row, columns), row.id
        session.rollback()


def test_a_demo_account_is_found_by_its_account_number(services) -> None:
    demo.fill(services, 20)
    account = services.accounts.get(services.accounts.ids(ListQuery())[0])
    assert account.account_number
    assert account.id in services.accounts.ids(ListQuery(text=account.account_number))


def test_a_record_and_its_saved_row_derive_the_same(services) -> None:
    """The derivation reads plain values: a record as the dialog hands it over gives what
    the service stores for it."""
    record = ContactRecord(
        first_name="Åse", last_name="Ørsted", job_title="Indkøber", company="Æble & Søn A/S",
        phones=[PhoneEntry("+45 33 12 34 56", "work"), PhoneEntry("20 30 40 50", "mobile")],
        emails=[EmailEntry("ase@aeble.dk")],
        addresses=[AddressEntry("work", "Søndergade 4", "8000", "Århus C", "", "DK")],
        notes="Møde i juni")
    saved = services.contacts.save(record)
    derived = contact_columns(record, "Æble & Søn A/S", [], Folding("DK"))
    with services.db.sessions() as session:
        row = session.get(Contact, saved.id)
        assert derived == tuple(getattr(row, c) for c in CONTACT_COLUMNS)
    assert (derived.display_name, derived.letter, derived.company_sort, derived.company_key) == (
        "Åse Ørsted", "Ø", "{ble s|n a s", "aeble son a s")

    company = AccountRecord(name="Æble & Søn A/S", account_number="10042",
                            phones=[PhoneEntry("+45 70 10 20 30", "main")])
    stored = services.accounts.save(company)
    with services.db.sessions() as session:
        row = session.get(Account, stored.id)
        assert account_columns(company, [], Folding("DK")) == tuple(
            getattr(row, c) for c in ACCOUNT_COLUMNS)
