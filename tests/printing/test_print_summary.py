"""An account summary prints a section for each kind of related record the account has."""

from __future__ import annotations

from crmdesk.records import AccountRecord, PhoneEntry
from crmdesk.services.printing import PrintData, summary_sections


def test_an_account_with_nobody_prints_no_empty_sections(services):
    lone = services.accounts.save(AccountRecord(name="Solo Consulting ApS"))
    assert summary_sections(PrintData(services).account_summary(lone.id)) == []


def test_contacts_and_sub_accounts_each_get_a_section_with_their_rows(services,
                                                                      contact_factory):
    parent = services.accounts.save(AccountRecord(name="Nordlys Holding A/S"))
    services.accounts.save(AccountRecord(name="Nordlys Aarhus ApS", parent_id=parent.id))
    services.contacts.save(contact_factory(
        "Mette", "Holm", company="Nordlys Holding A/S", job_title="CFO",
        phones=[PhoneEntry("+45 70 20 30 40", "work")]))
    data = PrintData(services)
    sections = summary_sections(data.account_summary(parent.id))
    assert [s.title for s in sections] == ["Contacts", "Sub-accounts"]
    contacts, subs = sections
    assert contacts.rows == (("Mette Holm", "CFO", "+45 70 20 30 40", "mette@example.dk"),)
    assert subs.rows == (("Nordlys Aarhus ApS", ""),)
    assert all(len(row) == len(s.starts) for s in sections for row in s.rows)
    child = services.accounts.id_by_name("Nordlys Aarhus ApS")
    assert summary_sections(data.account_summary(child)) == []
